-- The keys a web host protects its sign-in cookies and forms' tokens with (ASP.NET Core data protection), one XML element
-- each, per council: every web host of a council shares them, so a session signed by one is read by the others.
CREATE TABLE protection_keys (
    council  text COLLATE "C" NOT NULL,
    name     text COLLATE "C" NOT NULL,
    xml      text NOT NULL,
    PRIMARY KEY (council, name)
);
