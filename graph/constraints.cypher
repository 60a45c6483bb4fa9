// Constraints and indexes, applied idempotently at start-up and before every seed load.
// A statement ends with a semicolon.

CREATE CONSTRAINT source_id IF NOT EXISTS FOR (n:Source) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT role_id IF NOT EXISTS FOR (n:Role) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT skill_id IF NOT EXISTS FOR (n:Skill) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT tool_id IF NOT EXISTS FOR (n:Tool) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT sector_id IF NOT EXISTS FOR (n:Sector) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT employer_type_id IF NOT EXISTS FOR (n:EmployerType) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT mission_id IF NOT EXISTS FOR (n:Mission) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT institution_id IF NOT EXISTS FOR (n:Institution) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT qualification_id IF NOT EXISTS FOR (n:Qualification) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT salary_band_id IF NOT EXISTS FOR (n:SalaryBand) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT challenge_id IF NOT EXISTS FOR (n:Challenge) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT isco_group_id IF NOT EXISTS FOR (n:IscoGroup) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT skill_group_id IF NOT EXISTS FOR (n:SkillGroup) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT isco_group_code IF NOT EXISTS FOR (n:IscoGroup) REQUIRE n.code IS UNIQUE;
CREATE CONSTRAINT seed_state_id IF NOT EXISTS FOR (n:SeedState) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT seed_commit_id IF NOT EXISTS FOR (n:SeedCommit) REQUIRE n.id IS UNIQUE;

// Full-text search over role names in every language present, and over skill names.
CREATE FULLTEXT INDEX role_titles IF NOT EXISTS FOR (n:Role) ON EACH [n.title, n.alternativeTitles];
// Role search (src/schema/career/search.ts): the normalised title keys and their acronyms that
// the seed computes (src/seed/search-keys.ts).
CREATE FULLTEXT INDEX role_search_keys IF NOT EXISTS FOR (n:Role) ON EACH [n.searchKeys, n.searchAcronyms];
CREATE FULLTEXT INDEX skill_names IF NOT EXISTS FOR (n:Skill) ON EACH [n.name];
