-- The installation's register of its councils: each council's name and whether it allows the installation-level report
-- (summed over the councils that allow it). The council's settings are the source (OrganisationName,
-- Reports:ShareWithInstallation): a process of the council records its row when it starts, so the database knows what the
-- settings say. recorded_at is when that was last recorded (100 ns ticks since the Unix epoch, as every instant here); a
-- council found in the database when this table was made has no record yet: not sharing until one of its processes starts.
CREATE TABLE councils (
    council      text COLLATE "C" NOT NULL PRIMARY KEY,
    name         text    NOT NULL,
    shares_installation_report boolean NOT NULL DEFAULT false,
    recorded_at  bigint
);

INSERT INTO councils (council, name)
SELECT council, council FROM (SELECT DISTINCT council FROM cases UNION SELECT DISTINCT council FROM accounts) known
WHERE council <> '';
