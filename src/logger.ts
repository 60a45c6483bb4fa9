import { pino, type Logger } from "pino";

export type { Logger };

/** How log lines are written: JSON (machines), pretty (people), or auto (pretty on a terminal). */
export type LogFormat = "auto" | "json" | "pretty";

/**
 * A pino logger. On a terminal (or with LOG_FORMAT=pretty) lines go through pino-pretty, in a
 * worker thread as pino's transports do; otherwise they are JSON, one object a line, for log
 * collectors.
 */
export function createLogger(level: string, name = "careers-graph", format: LogFormat = "auto"): Logger {
  const pretty = format === "pretty" || (format === "auto" && process.stdout.isTTY === true);
  if (!pretty) return pino({ name, level });
  return pino({
    name,
    level,
    transport: {
      target: "pino-pretty",
      options: { colorize: true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname" },
    },
  });
}
