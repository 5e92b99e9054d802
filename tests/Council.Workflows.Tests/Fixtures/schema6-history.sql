-- A history written by Council.Workflows at schema version 6 (the build before issue 14), by the command line:
-- appeals registered, assigned, extended, reminded, answered, closed, annulled, corrected, forwarded, and a deadline
-- missed; a petition with two nominees reviewed at a commission meeting (a recusal), granted and presented.
-- SqliteStoreTest replays it with the current code: renaming an event class must never orphan these records.
PRAGMA user_version = 6;
BEGIN TRANSACTION;
CREATE TABLE case_keys (
    key      TEXT NOT NULL,
    case_id  BLOB NOT NULL,
    PRIMARY KEY (key, case_id)
) WITHOUT ROWID;
INSERT INTO "case_keys" VALUES('коваленко петро іванович',X'01A2383F55BF71BE8B59D2A338395D9A');
INSERT INTO "case_keys" VALUES('мороз олена василівна',X'01A2383F8F71738DA3C085EBD6E0C5E8');
INSERT INTO "case_keys" VALUES('мороз олена',X'01A2383F95807620BF1B3381667ACE0D');
INSERT INTO "case_keys" VALUES('ткач ірина',X'01A2383FA75571BDB98928F0E9773EC8');
INSERT INTO "case_keys" VALUES('award:merit-3:2023',X'01A2383FFE9A720F9DA63B10BC16B9FC');
INSERT INTO "case_keys" VALUES('award:thanks:2023',X'01A2383FFE9A720F9DA63B10BC16B9FC');
INSERT INTO "case_keys" VALUES('бондаренко ігор',X'01A2383FFE9A720F9DA63B10BC16B9FC');
INSERT INTO "case_keys" VALUES('шевченко олег петрович',X'01A2383FFE9A720F9DA63B10BC16B9FC');
INSERT INTO "case_keys" VALUES('01a2383ffe9a720f9da63b10bc16b9fc',X'01A238400B3070729B17C775E77341B4');
CREATE TABLE cases (
    id          BLOB    NOT NULL PRIMARY KEY,
    kind        TEXT    NOT NULL,
    council     TEXT    NOT NULL,
    state       TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    is_open     INTEGER NOT NULL,
    reference   TEXT,
    reference_key TEXT,
    due_at      INTEGER,
    assignee    TEXT,
    assignee_key TEXT,
    priority    INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO "cases" VALUES(X'01A2383F55BF71BE8B59D2A338395D9A','appeal','default','closed',7,0,'К-1','К-1',NULL,'Бондар Сергій','БОНДАР СЕРГІЙ',0,16752384000000000,16784352000000000);
INSERT INTO "cases" VALUES(X'01A2383F8F71738DA3C085EBD6E0C5E8','appeal','default','registered',3,1,'М-2','М-2',16805556000000000,NULL,NULL,0,16776576000000000,16806852000000000);
INSERT INTO "cases" VALUES(X'01A2383F95807620BF1B3381667ACE0D','appeal','default','annulled',2,0,'М-3','М-3',NULL,NULL,NULL,0,16776612000000000,16776648000000000);
INSERT INTO "cases" VALUES(X'01A2383FA75571BDB98928F0E9773EC8','appeal','default','forwarded',2,0,'Т-4','Т-4',NULL,NULL,NULL,0,16777440000000000,16778304000000000);
INSERT INTO "cases" VALUES(X'01A2383FFE9A720F9DA63B10BC16B9FC','petition','default','decided',7,1,'1/2023','1/2023',16839252000000000,NULL,NULL,0,16776576000000000,16792992000000000);
INSERT INTO "cases" VALUES(X'01A238400B3070729B17C775E77341B4','meeting','default','closed',7,0,'1','1',NULL,'Гречко_Наталія','ГРЕЧКО_НАТАЛІЯ',0,16778304000000000,16784388000000000);
CREATE TABLE commands (
    id       BLOB    NOT NULL PRIMARY KEY,
    case_id  BLOB    NOT NULL,
    result   TEXT    NOT NULL
) WITHOUT ROWID;
INSERT INTO "commands" VALUES(X'01A2383F55AA740AAED52CD2FA71CB31',X'01A2383F55BF71BE8B59D2A338395D9A','{"status":"accepted","commandId":"01a2383f-55aa-740a-aed5-2cd2fa71cb31","caseId":"01a2383f55bf71be8b59d2a338395d9a","state":"registered","version":1,"events":[],"suggestions":[],"isRepeat":false,"isAccepted":true,"fingerprint":-5533910279490989596}');
INSERT INTO "commands" VALUES(X'01A2383F5BF5707BA91986C51021E6D0',X'01A2383F55BF71BE8B59D2A338395D9A','{"status":"accepted","commandId":"01a2383f-5bf5-707b-a919-86c51021e6d0","caseId":"01a2383f55bf71be8b59d2a338395d9a","state":"under-consideration","version":2,"events":[],"suggestions":[],"isRepeat":false,"isAccepted":true,"fingerprint":-521266091274612555}');
INSERT INTO "commands" VALUES(X'01A2383F62BC7014A4389057C880883A',X'01A2383F55BF71BE8B59D2A338395D9A','{"status":"accepted","commandId":"01a2383f-62bc-7014-a438-9057c880883a","caseId":"01a2383f55bf71be8b59d2a338395d9a","state":"under-consideration","version":3,"events":[],"suggestions":[],"isRepeat":false,"isAccepted":true,"fingerprint":224882608494989303}');
INSERT INTO "commands" VALUES(X'01A2383F7DFD7334B004EE5DC50629A5',X'01A2383F55BF71BE8B59D2A338395D9A','{"status":"accepted","commandId":"01a2383f-7dfd-7334-b004-ee5dc50629a5","caseId":"01a2383f55bf71be8b59d2a338395d9a","state":"under-consideration","version":4,"events":[],"suggestions":[],"isRepeat":false,"isAccepted":true,"fingerprint":6888257139046057360}');
INSERT INTO "commands" VALUES(X'01A2383F885775CC9E82281AA6ED45A1',X'01A2383F55BF71BE8B59D2A338395D9A','{"status":"refused","commandId":"01a2383f-8857-75cc-9e82-281aa6ed45a1","caseId":"01a2383f55bf71be8b59d2a338395d9a","state":"under-consideration","version":4,"events":[],"refusal":{"state":"under-consideration","trigger":"take-off-control","unmetGuards":[],"permittedTriggers":["assign","extend","shorten","interim-answer","answer","forward","withdraw","annul","correct"],"message":"''take-off-control'' is not permitted in state ''under-consideration''. Permitted: assign, extend, shorten, interim-answer, answer, forward, withdraw, annul, correct."},"suggestions":[],"isRepeat":false,"isAccepted":false,"fingerprint":9205674463263007083}');
INSERT INTO "commands" VALUES(X'01A2383F8F4C74F380AB2C2E99333DF8',X'01A2383F8F71738DA3C085EBD6E0C5E8','{"status":"accepted","commandId":"01a2383f-8f4c-74f3-80ab-2c2e99333df8","caseId":"01a2383f8f71738da3c085ebd6e0c5e8","state":"registered","version":1,"events":[],"suggestions":[],"isRepeat":false,"isAccepted":true,"fingerprint":3672021472409451155}');
INSERT INTO "commands" VALUES(X'01A2383F957471BBB01B6D8D1556F5C3',X'01A2383F95807620BF1B3381667ACE0D','{"status":"accepted","commandId":"01a2383f-9574-71bb-b01b-6d8d1556f5c3","caseId":"01a2383f95807620bf1b3381667ace0d","state":"registered","version":1,"events":[],"suggestions":[{"code":"likely-repeat","message":"Likely a repeat of М-2 by the same applicant on the same issue; registered as repeated and linked."}],"isRepeat":false,"isAccepted":true,"fingerprint":-4051950192747263502}');
INSERT INTO "commands" VALUES(X'01A2383F9BF47553BAD54603692F58BD',X'01A2383F95807620BF1B3381667ACE0D','{"status":"accepted","commandId":"01a2383f-9bf4-7553-bad5-4603692f58bd","caseId":"01a2383f95807620bf1b3381667ace0d","state":"annulled","version":2,"events":[],"suggestions":[],"isRepeat":false,"isAccepted":true,"fingerprint":-5179325163170647024}');
INSERT INTO "commands" VALUES(X'01A2383FA0DB764DB217149E381A055C',X'01A2383F8F71738DA3C085EBD6E0C5E8','{"status":"accepted","commandId":"01a2383f-a0db-764d-b217-149e381a055c","caseId":"01a2383f8f71738da3c085ebd6e0c5e8","state":"registered","version":2,"events":[],"suggestions":[],"isRepeat":false,"isAccepted":true,"fingerprint":9153532660054121318}');
INSERT INTO "commands" VALUES(X'01A2383FA74A75E286E1F3E5E7D358B6',X'01A2383FA75571BDB98928F0E9773EC8','{"status":"accepted","commandId":"01a2383f-a74a-75e2-86e1-f3e5e7d358b6","caseId":"01a2383fa75571bdb98928f0e9773ec8","state":"registered","version":1,"events":[],"suggestions":[],"isRepeat":false,"isAccepted":true,"fingerprint":-3361749559844964606}');
INSERT INTO "commands" VALUES(X'01A2383FBF7E7531A0E19F6203FE1AF1',X'01A2383FA75571BDB98928F0E9773EC8','{"status":"accepted","commandId":"01a2383f-bf7e-7531-a0e1-9f6203fe1af1","caseId":"01a2383fa75571bdb98928f0e9773ec8","state":"forwarded","version":2,"events":[],"suggestions":[],"isRepeat":false,"isAccepted":true,"fingerprint":8924972721198999790}');
INSERT INTO "commands" VALUES(X'01A2383FE8AE76838C2349ED7843A3B6',X'01A2383F55BF71BE8B59D2A338395D9A','{"status":"accepted","commandId":"01a2383f-e8ae-7683-8c23-49ed7843a3b6","caseId":"01a2383f55bf71be8b59d2a338395d9a","state":"answered","version":6,"events":[],"suggestions":[],"isRepeat":false,"isAccepted":true,"fingerprint":-7496444013559393005}');
INSERT INTO "commands" VALUES(X'01A2383FEEF172CBAE24C66DE65273FF',X'01A2383F55BF71BE8B59D2A338395D9A','{"status":"accepted","commandId":"01a2383f-eef1-72cb-ae24-c66de65273ff","caseId":"01a2383f55bf71be8b59d2a338395d9a","state":"closed","version":7,"events":[],"suggestions":[],"isRepeat":false,"isAccepted":true,"fingerprint":9205674463263007083}');
INSERT INTO "commands" VALUES(X'01A2383FFE7772368608338523F25CEF',X'01A2383FFE9A720F9DA63B10BC16B9FC','{"status":"accepted","commandId":"01a2383f-fe77-7236-8608-338523f25cef","caseId":"01a2383ffe9a720f9da63b10bc16b9fc","state":"submitted","version":1,"events":[],"suggestions":[],"isRepeat":false,"isAccepted":true,"fingerprint":-3976998327414248973}');
INSERT INTO "commands" VALUES(X'01A2384004C8756181DC82A71246DF35',X'01A2383FFE9A720F9DA63B10BC16B9FC','{"status":"accepted","commandId":"01a23840-04c8-7561-81dc-82a71246df35","caseId":"01a2383ffe9a720f9da63b10bc16b9fc","state":"in-review","version":2,"events":[],"suggestions":[],"isRepeat":false,"isAccepted":true,"fingerprint":473695166395847403}');
INSERT INTO "commands" VALUES(X'01A238400B167586B84A0BB51529BF37',X'01A238400B3070729B17C775E77341B4','{"status":"accepted","commandId":"01a23840-0b16-7586-b84a-0bb51529bf37","caseId":"01a238400b3070729b17c775e77341b4","state":"scheduled","version":1,"events":[],"suggestions":[],"isRepeat":false,"isAccepted":true,"fingerprint":-1875140401579868213}');
INSERT INTO "commands" VALUES(X'01A2384010A470BA923F1D922BB7689C',X'01A238400B3070729B17C775E77341B4','{"status":"accepted","commandId":"01a23840-10a4-70ba-923f-1d922bb7689c","caseId":"01a238400b3070729b17c775e77341b4","state":"scheduled","version":2,"events":[],"suggestions":[],"isRepeat":false,"isAccepted":true,"fingerprint":-1424653212417342416}');
INSERT INTO "commands" VALUES(X'01A2384017FF73E18D532BA5D510F2CB',X'01A238400B3070729B17C775E77341B4','{"status":"accepted","commandId":"01a23840-17ff-73e1-8d53-2ba5d510f2cb","caseId":"01a238400b3070729b17c775e77341b4","state":"in-session","version":3,"events":[],"suggestions":[],"isRepeat":false,"isAccepted":true,"fingerprint":3682478298662845852}');
INSERT INTO "commands" VALUES(X'01A238401FED743AA30B92ACAC692E18',X'01A238400B3070729B17C775E77341B4','{"status":"accepted","commandId":"01a23840-1fed-743a-a30b-92acac692e18","caseId":"01a238400b3070729b17c775e77341b4","state":"in-session","version":4,"events":[],"suggestions":[],"isRepeat":false,"isAccepted":true,"fingerprint":-730776965582647593}');
INSERT INTO "commands" VALUES(X'01A2384027B471BC9E863C4E67985BC8',X'01A238400B3070729B17C775E77341B4','{"status":"accepted","commandId":"01a23840-27b4-71bc-9e86-3c4e67985bc8","caseId":"01a238400b3070729b17c775e77341b4","state":"in-session","version":5,"events":[],"suggestions":[],"isRepeat":false,"isAccepted":true,"fingerprint":-7126846833930161732}');
INSERT INTO "commands" VALUES(X'01A2384030D27006871FCB3E03721B6D',X'01A238400B3070729B17C775E77341B4','{"status":"accepted","commandId":"01a23840-30d2-7006-871f-cb3e03721b6d","caseId":"01a238400b3070729b17c775e77341b4","state":"in-session","version":6,"events":[],"suggestions":[],"isRepeat":false,"isAccepted":true,"fingerprint":4456463476003461228}');
INSERT INTO "commands" VALUES(X'01A238403CBC72AE92B8C461E75E56D1',X'01A238400B3070729B17C775E77341B4','{"status":"accepted","commandId":"01a23840-3cbc-72ae-92b8-c461e75e56d1","caseId":"01a238400b3070729b17c775e77341b4","state":"closed","version":7,"events":[],"suggestions":[],"isRepeat":false,"isAccepted":true,"fingerprint":484797675581687775}');
INSERT INTO "commands" VALUES(X'01A23840494073078DD8424CEA38FD27',X'01A2383FFE9A720F9DA63B10BC16B9FC','{"status":"accepted","commandId":"01a23840-4940-7307-8dd8-424cea38fd27","caseId":"01a2383ffe9a720f9da63b10bc16b9fc","state":"reviewed","version":5,"events":[],"suggestions":[],"isRepeat":false,"isAccepted":true,"fingerprint":8892508791651873890}');
INSERT INTO "commands" VALUES(X'01A23840539775D683C89836939C0E93',X'01A2383FFE9A720F9DA63B10BC16B9FC','{"status":"accepted","commandId":"01a23840-5397-75d6-83c8-9836939c0e93","caseId":"01a2383ffe9a720f9da63b10bc16b9fc","state":"decided","version":6,"events":[],"suggestions":[],"isRepeat":false,"isAccepted":true,"fingerprint":-525756595517209259}');
INSERT INTO "commands" VALUES(X'01A238405C56731F93CB8E71FAC677F8',X'01A2383FFE9A720F9DA63B10BC16B9FC','{"status":"accepted","commandId":"01a23840-5c56-731f-93cb-8e71fac677f8","caseId":"01a2383ffe9a720f9da63b10bc16b9fc","state":"decided","version":7,"events":[],"suggestions":[],"isRepeat":false,"isAccepted":true,"fingerprint":-7061347295743370292}');
INSERT INTO "commands" VALUES(X'08158630DDC65DA6BBBED422091BAA86',X'01A2383FFE9A720F9DA63B10BC16B9FC','{"status":"accepted","commandId":"08158630-ddc6-5da6-bbbe-d422091baa86","caseId":"01a2383ffe9a720f9da63b10bc16b9fc","state":"reviewed","version":4,"events":[],"suggestions":[],"isRepeat":false,"isAccepted":true,"fingerprint":8635982049445750140}');
INSERT INTO "commands" VALUES(X'553E0E0CD5175B3F9EF71913D6D8FC61',X'01A2383F55BF71BE8B59D2A338395D9A','{"status":"accepted","commandId":"553e0e0c-d517-5b3f-9ef7-1913d6d8fc61","caseId":"01a2383f55bf71be8b59d2a338395d9a","state":"under-consideration","version":5,"events":[],"suggestions":[],"isRepeat":false,"isAccepted":true,"fingerprint":-9215752787016795117}');
INSERT INTO "commands" VALUES(X'8AB66E7EAA9750C7A984507B846CEE06',X'01A2383F8F71738DA3C085EBD6E0C5E8','{"status":"accepted","commandId":"8ab66e7e-aa97-50c7-a984-507b846cee06","caseId":"01a2383f8f71738da3c085ebd6e0c5e8","state":"registered","version":3,"events":[],"suggestions":[],"isRepeat":false,"isAccepted":true,"fingerprint":-28305313162788681}');
INSERT INTO "commands" VALUES(X'93B0F686CDD05D3F8278730865FF2B8D',X'01A2383F8F71738DA3C085EBD6E0C5E8','{"status":"ignored","commandId":"93b0f686-cdd0-5d3f-8278-730865ff2b8d","caseId":"01a2383f8f71738da3c085ebd6e0c5e8","state":"registered","version":2,"events":[],"suggestions":[],"message":"Reminder ''reminder-3wd:2023-04-03'' is not sent: the deadline 03.04.2023 has already passed.","isRepeat":false,"isAccepted":false,"fingerprint":8169470005900119134}');
INSERT INTO "commands" VALUES(X'A5C65C17EF1C577AA5FE243A48D835EA',X'01A2383F8F71738DA3C085EBD6E0C5E8','{"status":"ignored","commandId":"a5c65c17-ef1c-577a-a5fe-243a48d835ea","caseId":"01a2383f8f71738da3c085ebd6e0c5e8","state":"registered","version":2,"events":[],"suggestions":[],"message":"Reminder ''reminder-1wd:2023-04-03'' is not sent: the deadline 03.04.2023 has already passed.","isRepeat":false,"isAccepted":false,"fingerprint":4500919108085144508}');
INSERT INTO "commands" VALUES(X'A7127F85A86E56DFB8B3A9CDC01D7F48',X'01A2383FFE9A720F9DA63B10BC16B9FC','{"status":"accepted","commandId":"a7127f85-a86e-56df-b8b3-a9cdc01d7f48","caseId":"01a2383ffe9a720f9da63b10bc16b9fc","state":"in-review","version":3,"events":[],"suggestions":[],"isRepeat":false,"isAccepted":true,"fingerprint":6168047676550875428}');
CREATE TABLE events (
    case_id      BLOB    NOT NULL,
    version      INTEGER NOT NULL,
    at           INTEGER NOT NULL,
    type         TEXT    NOT NULL,
    state        TEXT    NOT NULL,
    by_name      TEXT    NOT NULL,
    by_role      TEXT    NOT NULL,
    reason       TEXT,
    legal_basis  TEXT,
    command_id   BLOB    NOT NULL,
    data         TEXT    NOT NULL, recorded_at INTEGER,
    PRIMARY KEY (case_id, version)
) WITHOUT ROWID;
INSERT INTO "events" VALUES(X'01A2383F55BF71BE8B59D2A338395D9A',1,16752384000000000,'registered','registered','root','clerk',NULL,'ст. 20 Закону України «Про звернення громадян»',X'01A2383F55AA740AAED52CD2FA71CB31','{"$type":"AppealRegistered","council":"default","index":"К-1","year":2023,"number":1,"kind":"complaint","channel":"post","applicants":[{"fullName":"Коваленко Петро Іванович","address":"м. Житомир, вул. Київська, 1","surname":"Коваленко"}],"signatories":1,"subject":"Ремонт дороги","receivedOn":"2023-02-01","hasSignature":true,"hasDate":true,"benefits":false,"personalHead":false,"deputy":false,"complainedAbout":"Управління ЖКГ","deadline":{"termId":"appeal.standard","dueOn":"2023-03-01","lapsesAt":"2023-03-01T22:00:00Z","legalBasis":"ст. 20 Закону України «Про звернення громадян»"},"maxDueOn":"2023-03-20","repeatOf":[],"repeatOfIndexes":[],"type":"registered"}',17962400048402024);
INSERT INTO "events" VALUES(X'01A2383F55BF71BE8B59D2A338395D9A',2,16752384000000000,'assigned','under-consideration','root','head',NULL,NULL,X'01A2383F5BF5707BA91986C51021E6D0','{"$type":"ExecutorAssigned","executor":"Бондар Сергій","controlledBy":"root","type":"assigned"}',17962400068974520);
INSERT INTO "events" VALUES(X'01A2383F55BF71BE8B59D2A338395D9A',3,16754112000000000,'interim-answer','under-consideration','Бондар Сергій','executor',NULL,NULL,X'01A2383F62BC7014A4389057C880883A','{"$type":"InterimAnswerGiven","text":"Проміжна відповідь","type":"interim-answer"}',17962400083749592);
INSERT INTO "events" VALUES(X'01A2383F55BF71BE8B59D2A338395D9A',4,16768800000000000,'term-extended','under-consideration','root','head','Перевірка на місці','ст. 20 Закону України «Про звернення громадян»',X'01A2383F7DFD7334B004EE5DC50629A5','{"$type":"TermExtended","previous":{"termId":"appeal.standard","dueOn":"2023-03-01","lapsesAt":"2023-03-01T22:00:00Z","legalBasis":"ст. 20 Закону України «Про звернення громадян»"},"deadline":{"termId":"extended","dueOn":"2023-03-10","lapsesAt":"2023-03-10T22:00:00Z","legalBasis":"ст. 20 Закону України «Про звернення громадян»"},"notice":"Лист № 12","type":"term-extended"}',17962400154651677);
INSERT INTO "events" VALUES(X'01A2383F55BF71BE8B59D2A338395D9A',5,16782696000000000,'reminder-sent','under-consideration','system','system',NULL,NULL,X'553E0E0CD5175B3F9EF71913D6D8FC61','{"$type":"ReminderSent","timer":"reminder-3wd:2023-03-10","dueOn":"2023-03-10","recipient":"Бондар Сергій","type":"reminder-sent"}',17962400411995556);
INSERT INTO "events" VALUES(X'01A2383F55BF71BE8B59D2A338395D9A',6,16783488000000000,'answered','answered','Бондар Сергій','executor',NULL,NULL,X'01A2383FE8AE76838C2349ED7843A3B6','{"$type":"AppealAnswered","answer":{"outcome":"satisfied","summary":"Дорогу відремонтовано","channel":"written","answeredOn":"2023-03-09","onTime":true,"allIssuesAddressed":true,"by":"Бондар Сергій"},"type":"answered"}',17962400426890990);
INSERT INTO "events" VALUES(X'01A2383F55BF71BE8B59D2A338395D9A',7,16784352000000000,'taken-off-control','closed','root','head',NULL,NULL,X'01A2383FEEF172CBAE24C66DE65273FF','{"$type":"TakenOffControl","type":"taken-off-control"}',17962400444175948);
INSERT INTO "events" VALUES(X'01A2383F8F71738DA3C085EBD6E0C5E8',1,16776576000000000,'registered','registered','root','clerk',NULL,'ст. 20 Закону України «Про звернення громадян»',X'01A2383F8F4C74F380AB2C2E99333DF8','{"$type":"AppealRegistered","council":"default","index":"М-2","year":2023,"number":2,"kind":"application","channel":"post","applicants":[{"fullName":"Мороз Олена","address":"м. Житомир","surname":"Мороз"}],"signatories":1,"subject":"Вуличне освітлення","receivedOn":"2023-03-01","hasSignature":true,"hasDate":true,"benefits":false,"personalHead":false,"deputy":false,"deadline":{"termId":"appeal.standard","dueOn":"2023-04-03","lapsesAt":"2023-04-03T21:00:00Z","legalBasis":"ст. 20 Закону України «Про звернення громадян»"},"maxDueOn":"2023-04-17","repeatOf":[],"repeatOfIndexes":[],"type":"registered"}',17962400196234588);
INSERT INTO "events" VALUES(X'01A2383F8F71738DA3C085EBD6E0C5E8',2,16776684000000000,'registration-corrected','registered','root','clerk','Описка',NULL,X'01A2383FA0DB764DB217149E381A055C','{"$type":"RegistrationCorrected","changes":[{"field":"applicant","old":"Мороз Олена","new":"Мороз Олена Василівна"}],"type":"registration-corrected"}',17962400243257549);
INSERT INTO "events" VALUES(X'01A2383F8F71738DA3C085EBD6E0C5E8',3,16806852000000000,'deadline-missed','registered','system','system',NULL,'ст. 20 Закону України «Про звернення громадян»',X'8AB66E7EAA9750C7A984507B846CEE06','{"$type":"DeadlineMissed","timer":"deadline-missed:2023-04-03","dueOn":"2023-04-03","escalatedTo":"head","type":"deadline-missed"}',17962400466112135);
INSERT INTO "events" VALUES(X'01A2383F95807620BF1B3381667ACE0D',1,16776612000000000,'registered','registered','root','clerk',NULL,'ст. 20 Закону України «Про звернення громадян»',X'01A2383F957471BBB01B6D8D1556F5C3','{"$type":"AppealRegistered","council":"default","index":"М-3","year":2023,"number":3,"kind":"application","channel":"post","applicants":[{"fullName":"Мороз Олена","address":"м. Житомир","surname":"Мороз"}],"signatories":1,"subject":"Вуличне освітлення","receivedOn":"2023-03-01","hasSignature":true,"hasDate":true,"benefits":false,"personalHead":false,"deputy":false,"deadline":{"termId":"appeal.standard","dueOn":"2023-04-03","lapsesAt":"2023-04-03T21:00:00Z","legalBasis":"ст. 20 Закону України «Про звернення громадян»"},"maxDueOn":"2023-04-17","repeatOf":["01a2383f8f71738da3c085ebd6e0c5e8"],"repeatOfIndexes":["М-2"],"type":"registered"}',17962400211299588);
INSERT INTO "events" VALUES(X'01A2383F95807620BF1B3381667ACE0D',2,16776648000000000,'registration-annulled','annulled','root','clerk','Зареєстровано двічі',NULL,X'01A2383F9BF47553BAD54603692F58BD','{"$type":"RegistrationAnnulled","duplicateOf":"М-2","type":"registration-annulled"}',17962400229279296);
INSERT INTO "events" VALUES(X'01A2383FA75571BDB98928F0E9773EC8',1,16777440000000000,'registered','registered','root','clerk',NULL,'ст. 20 Закону України «Про звернення громадян»',X'01A2383FA74A75E286E1F3E5E7D358B6','{"$type":"AppealRegistered","council":"default","index":"Т-4","year":2023,"number":4,"kind":"proposal","channel":"post","applicants":[{"fullName":"Ткач Ірина","address":"м. Житомир","surname":"Ткач"}],"signatories":1,"subject":"Сквер","receivedOn":"2023-03-02","hasSignature":true,"hasDate":true,"benefits":false,"personalHead":false,"deputy":false,"deadline":{"termId":"appeal.standard","dueOn":"2023-04-03","lapsesAt":"2023-04-03T21:00:00Z","legalBasis":"ст. 20 Закону України «Про звернення громадян»"},"maxDueOn":"2023-04-17","repeatOf":[],"repeatOfIndexes":[],"type":"registered"}',17962400256813545);
INSERT INTO "events" VALUES(X'01A2383FA75571BDB98928F0E9773EC8',2,16778304000000000,'forwarded','forwarded','root','clerk',NULL,'ст. 7 Закону України «Про звернення громадян»',X'01A2383FBF7E7531A0E19F6203FE1AF1','{"$type":"AppealForwarded","to":"Житомирська ОДА","on":"2023-03-03","dueOn":"2023-03-07","onTime":true,"type":"forwarded"}',17962400321190866);
INSERT INTO "events" VALUES(X'01A2383FFE9A720F9DA63B10BC16B9FC',1,16776576000000000,'submitted','submitted','Гречко_Наталія','secretary',NULL,NULL,X'01A2383FFE7772368608338523F25CEF','{"$type":"PetitionSubmitted","council":"default","number":"1/2023","year":2023,"petitioner":{"kind":"military-unit","name":"Військова частина А0000"},"nominees":[{"no":1,"name":"Шевченко Олег Петрович","key":"шевченко олег петрович","isOrganisation":false,"posthumous":false,"proposedAward":"merit-3","category":"military","justification":"За мужність","status":"pending","warnings":[],"awaitsCommission":true,"isFinal":false},{"no":2,"name":"Бондаренко Ігор","key":"бондаренко ігор","isOrganisation":false,"posthumous":false,"proposedAward":"thanks","category":"military","justification":"За евакуацію","status":"pending","warnings":[],"awaitsCommission":true,"isFinal":false}],"submittedOn":"2023-03-01","type":"submitted"}',17962400480874967);
INSERT INTO "events" VALUES(X'01A2383FFE9A720F9DA63B10BC16B9FC',2,16777440000000000,'registered','in-review','Гречко_Наталія','secretary',NULL,NULL,X'01A2384004C8756181DC82A71246DF35','{"$type":"PetitionRegistered","registeredOn":"2023-03-02","reviewDueOn":"2023-04-03","reviewLapsesAt":"2023-04-03T21:00:00Z","warnings":[{"nomineeNo":1,"warnings":[{"rule":"lower-first","message":"«Нагрудний знак «За заслуги перед містом» III ступеня» присуджується після нижчої нагороди (наприклад, «Почесна грамота виконавчого комітету»); такої не знайдено."}]}],"type":"registered"}',17962400499297890);
INSERT INTO "events" VALUES(X'01A2383FFE9A720F9DA63B10BC16B9FC',3,16778340000000000,'placed-on-agenda','in-review','Гречко_Наталія','secretary',NULL,NULL,X'A7127F85A86E56DFB8B3A9CDC01D7F48','{"$type":"PetitionPlacedOnAgenda","meeting":"01a238400b3070729b17c775e77341b4","meetingNumber":"1","meetingOn":"2023-03-10","type":"placed-on-agenda"}',17962400530453798);
INSERT INTO "events" VALUES(X'01A2383FFE9A720F9DA63B10BC16B9FC',4,16784388000000000,'reviewed','reviewed','Гречко_Наталія','secretary',NULL,NULL,X'08158630DDC65DA6BBBED422091BAA86','{"$type":"PetitionReviewed","meeting":"01a238400b3070729b17c775e77341b4","on":"2023-03-10","reviews":[{"nomineeNo":1,"outcome":"recommended","award":"merit-3"},{"nomineeNo":2,"outcome":"recommended","award":"thanks"}],"type":"reviewed"}',17962400650427183);
INSERT INTO "events" VALUES(X'01A2383FFE9A720F9DA63B10BC16B9FC',5,16786944000000000,'awarded','reviewed','Гречко_Наталія','secretary',NULL,NULL,X'01A23840494073078DD8424CEA38FD27','{"$type":"AwardDecided","nomineeNo":1,"decision":{"awarded":true,"award":"merit-3","instrument":"mayors-order","number":"215-р","on":"2023-03-13"},"presentationDueOn":"2023-05-12","presentationLapsesAt":"2023-05-12T21:00:00Z","type":"awarded"}',17962400678461648);
INSERT INTO "events" VALUES(X'01A2383FFE9A720F9DA63B10BC16B9FC',6,16786947000000000,'awarded','decided','Гречко_Наталія','secretary',NULL,NULL,X'01A23840539775D683C89836939C0E93','{"$type":"AwardDecided","nomineeNo":2,"decision":{"awarded":true,"award":"thanks","instrument":"mayors-order","number":"216-р","on":"2023-03-13"},"presentationDueOn":"2023-05-12","presentationLapsesAt":"2023-05-12T21:00:00Z","type":"awarded"}',17962400704476741);
INSERT INTO "events" VALUES(X'01A2383FFE9A720F9DA63B10BC16B9FC',7,16792992000000000,'presented','decided','Гречко_Наталія','secretary',NULL,NULL,X'01A238405C56731F93CB8E71FAC677F8','{"$type":"AwardPresented","nomineeNo":1,"on":"2023-03-20","type":"presented"}',17962400724263454);
INSERT INTO "events" VALUES(X'01A238400B3070729B17C775E77341B4',1,16778304000000000,'scheduled','scheduled','Гречко_Наталія','secretary',NULL,NULL,X'01A238400B167586B84A0BB51529BF37','{"$type":"MeetingScheduled","council":"default","number":"1","on":"2023-03-10","members":[{"role":"chair","name":"Гречко_Наталія"},{"role":"secretary","name":"Ковальчук_Андрій"},{"role":"member","name":"Лисенко_Оксана"},{"role":"member","name":"Мороз_Василь"},{"role":"member","name":"Олійник_Тетяна"}],"type":"scheduled"}',17962400512036266);
INSERT INTO "events" VALUES(X'01A238400B3070729B17C775E77341B4',2,16778340000000000,'added-to-agenda','scheduled','Гречко_Наталія','secretary',NULL,NULL,X'01A2384010A470BA923F1D922BB7689C','{"$type":"AddedToAgenda","item":{"petition":"01a2383ffe9a720f9da63b10bc16b9fc","number":"1/2023","petitioner":"Військова частина А0000","nominees":[{"no":1,"name":"Шевченко Олег Петрович","proposedAward":"merit-3","category":"military","warnings":[{"rule":"lower-first","message":"«Нагрудний знак «За заслуги перед містом» III ступеня» присуджується після нижчої нагороди (наприклад, «Почесна грамота виконавчого комітету»); такої не знайдено."}]},{"no":2,"name":"Бондаренко Ігор","proposedAward":"thanks","category":"military","warnings":[]}]},"type":"added-to-agenda"}',17962400529572583);
INSERT INTO "events" VALUES(X'01A238400B3070729B17C775E77341B4',3,16784352000000000,'opened','in-session','Гречко_Наталія','secretary',NULL,NULL,X'01A2384017FF73E18D532BA5D510F2CB','{"$type":"MeetingOpened","present":["Гречко_Наталія","Ковальчук_Андрій","Лисенко_Оксана","Мороз_Василь"],"quorum":3,"type":"opened"}',17962400550972189);
INSERT INTO "events" VALUES(X'01A238400B3070729B17C775E77341B4',4,16784355000000000,'conflict-declared','in-session','Гречко_Наталія','secretary',NULL,'ст. 28 Закону України «Про запобігання корупції»; ст. 59-1 Закону України «Про місцеве самоврядування в Україні»',X'01A238401FED743AA30B92ACAC692E18','{"$type":"ConflictDeclared","declaration":{"member":"Мороз_Василь","petition":"01a2383ffe9a720f9da63b10bc16b9fc","nomineeNo":2,"publicly":false},"type":"conflict-declared"}',17962400569603496);
INSERT INTO "events" VALUES(X'01A238400B3070729B17C775E77341B4',5,16784358000000000,'vote','in-session','Гречко_Наталія','secretary',NULL,NULL,X'01A2384027B471BC9E863C4E67985BC8','{"$type":"VoteTaken","vote":{"petition":"01a2383ffe9a720f9da63b10bc16b9fc","nomineeNo":1,"motion":"recommend","award":"merit-3","ballots":[{"member":"Гречко_Наталія","choice":"for"},{"member":"Ковальчук_Андрій","choice":"for"},{"member":"Лисенко_Оксана","choice":"for"},{"member":"Мороз_Василь","choice":"for"}],"recused":[],"votedDespiteConflict":[],"passed":true,"outcome":"recommended","for":4,"against":0,"abstained":0},"type":"vote"}',17962400590674157);
INSERT INTO "events" VALUES(X'01A238400B3070729B17C775E77341B4',6,16784361000000000,'vote','in-session','Гречко_Наталія','secretary',NULL,NULL,X'01A2384030D27006871FCB3E03721B6D','{"$type":"VoteTaken","vote":{"petition":"01a2383ffe9a720f9da63b10bc16b9fc","nomineeNo":2,"motion":"recommend","award":"thanks","ballots":[{"member":"Гречко_Наталія","choice":"for"},{"member":"Ковальчук_Андрій","choice":"for"},{"member":"Лисенко_Оксана","choice":"for"}],"recused":["Мороз_Василь"],"votedDespiteConflict":[],"passed":true,"outcome":"recommended","for":3,"against":0,"abstained":0},"type":"vote"}',17962400617555037);
INSERT INTO "events" VALUES(X'01A238400B3070729B17C775E77341B4',7,16784388000000000,'closed','closed','Гречко_Наталія','secretary',NULL,NULL,X'01A238403CBC72AE92B8C461E75E56D1','{"$type":"MeetingClosed","deferred":[],"type":"closed"}',17962400647863499);
CREATE TABLE outbox (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    id            BLOB    NOT NULL UNIQUE,
    case_id       BLOB    NOT NULL,
    kind          TEXT    NOT NULL,
    recipient     TEXT    NOT NULL,
    subject       TEXT    NOT NULL,
    body          TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    delivered_at  INTEGER
, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, failed INTEGER NOT NULL DEFAULT 0);
INSERT INTO "outbox" VALUES(1,X'2961D0BDB34855AA986D974E6D97CF01',X'01A2383F55BF71BE8B59D2A338395D9A','applicant-notice','applicant','Проміжна відповідь на звернення К-1','Проміжна відповідь',16754112000000000,1796240016,0,NULL,0);
INSERT INTO "outbox" VALUES(2,X'9B0CAC5C9DFC53D4A489A36C4665FA99',X'01A2383F55BF71BE8B59D2A338395D9A','applicant-notice','applicant','Строк розгляду звернення К-1 продовжено','Строк розгляду вашого звернення К-1 продовжено до 10.03.2023: Перевірка на місці',16768800000000000,1796240016,0,NULL,0);
INSERT INTO "outbox" VALUES(3,X'E07010E12C9351C8A46C3A7A6450FAF4',X'01A2383FA75571BDB98928F0E9773EC8','applicant-notice','applicant','Звернення Т-4 направлено за належністю','Ваше звернення Т-4 від 02.03.2023 направлено за належністю до: Житомирська ОДА (ст. 7 Закону України «Про звернення громадян»).',16778304000000000,1796240041,0,NULL,0);
INSERT INTO "outbox" VALUES(4,X'8E94D7B7E84D54F1967709406723CD6A',X'01A2383F55BF71BE8B59D2A338395D9A','reminder','Бондар Сергій','Нагадування: звернення К-1 до 10.03.2023','Строк розгляду звернення К-1 (Ремонт дороги) спливає 10.03.2023.',16782696000000000,1796240041,0,NULL,0);
INSERT INTO "outbox" VALUES(5,X'529FAA29E32E5245802D9B8261E19D5D',X'01A2383F55BF71BE8B59D2A338395D9A','applicant-answer','applicant','Відповідь на звернення К-1','Дорогу відремонтовано',16783488000000000,1796240046,0,NULL,0);
INSERT INTO "outbox" VALUES(6,X'B73C4313170A59C0917FA9CA8D833585',X'01A2383F8F71738DA3C085EBD6E0C5E8','escalation','head','Порушено строк: звернення М-2','Строк розгляду звернення М-2 (Вуличне освітлення) сплив 03.04.2023; виконавець: не призначено.',16806852000000000,1796240046,0,NULL,0);
CREATE TABLE sequences (
    scope  TEXT    NOT NULL PRIMARY KEY,
    value  INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO "sequences" VALUES('appeal-index/default/2023',4);
INSERT INTO "sequences" VALUES('meeting/default/2023',1);
INSERT INTO "sequences" VALUES('petition/default/2023',1);
CREATE TABLE store_info (
    key    TEXT NOT NULL PRIMARY KEY,
    value  TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO "store_info" VALUES('mode','simulation');
CREATE TABLE timers (
    case_id  BLOB    NOT NULL,
    kind     TEXT    NOT NULL,
    due_at   INTEGER NOT NULL,
    state    TEXT    NOT NULL, version INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (case_id, kind)
) WITHOUT ROWID;
INSERT INTO "timers" VALUES(X'01A2383FFE9A720F9DA63B10BC16B9FC','presentation-2-missed:2023-05-12',16839252000000000,'decided',7);
INSERT INTO "timers" VALUES(X'01A2383FFE9A720F9DA63B10BC16B9FC','presentation-2-reminder-1d:2023-05-12',16837848000000000,'decided',7);
INSERT INTO "timers" VALUES(X'01A2383FFE9A720F9DA63B10BC16B9FC','presentation-2-reminder-7d:2023-05-12',16832664000000000,'decided',7);
CREATE INDEX ix_cases_kind_state ON cases (kind, state);
CREATE INDEX ix_cases_due ON cases (due_at) WHERE due_at IS NOT NULL;
CREATE INDEX ix_cases_assignee ON cases (assignee_key) WHERE assignee_key IS NOT NULL;
CREATE INDEX ix_cases_reference ON cases (reference_key);
CREATE INDEX ix_cases_created ON cases (kind, created_at);
CREATE INDEX ix_timers_due ON timers (due_at);
CREATE INDEX ix_case_keys_case ON case_keys (case_id);
CREATE INDEX ix_outbox_pending ON outbox (seq) WHERE delivered_at IS NULL AND failed = 0;
CREATE INDEX ix_outbox_failed ON outbox (seq) WHERE delivered_at IS NULL AND failed = 1;
DELETE FROM "sqlite_sequence";
INSERT INTO "sqlite_sequence" VALUES('outbox',6);
COMMIT;
