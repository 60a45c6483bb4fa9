import { describe, expect, it } from "vitest";
import { generation, VersionObservations, type VersionRead } from "../../src/db/version-observations.js";

const read = (version: string, loadedAt = "t1", committing = false): VersionRead => ({
  version,
  loadedAt,
  committing,
});

describe("VersionObservations", () => {
  it("has no observation before the first read", () => {
    expect(new VersionObservations().latest).toBeNull();
  });

  it("keeps the answer of the read sent last, whatever order the answers come in", () => {
    const observations = new VersionObservations();
    const early = observations.ticket();
    const late = observations.ticket();
    observations.record(read("B"), late);
    observations.record(read("A"), early);
    expect(observations.latest?.version).toBe("B");
    const later = observations.ticket();
    observations.record(read("C", "t2", true), later);
    expect(observations.latest).toEqual(read("C", "t2", true));
  });

  it("tells two loads of one version apart by their load time", () => {
    expect(generation(read("A", "t1"))).not.toBe(generation(read("A", "t2")));
    expect(generation(read("A", "t1"))).toBe(generation(read("A", "t1")));
  });
});
