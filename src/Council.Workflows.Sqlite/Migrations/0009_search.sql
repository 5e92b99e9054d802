-- Council.Workflows store, schema version 9.
-- The word index: each case that gives search fields (ICaseData.SearchFields) has one document here, written in the
-- commit that changes them. search_docs keeps the fields as given (returned with each hit, so a search checks them
-- without loading the case) under an integer doc id; search_words (FTS5, contentless with deletes) indexes the words of
-- the indexed fields, each prefixed with its field's name ("applicant_коваленко"), the text folded by the case and
-- diacritics removed again by the tokenizer; search_terms is the vocabulary of each field, which a search for a prefix,
-- a word within a word or a misspelling reads to find the words to ask the index for. The rows written before are filled
-- by the engine's row refresh (the appeal workflow's row version 2).
CREATE TABLE search_docs (
    doc      INTEGER PRIMARY KEY,
    case_id  BLOB    NOT NULL UNIQUE,
    kind     TEXT    NOT NULL,
    fields   TEXT    NOT NULL
);
CREATE VIRTUAL TABLE search_words USING fts5 (
    words, content = '', contentless_delete = 1, tokenize = "unicode61 remove_diacritics 2 tokenchars '_'"
);
CREATE TABLE search_terms (
    field  TEXT NOT NULL,
    term   TEXT NOT NULL,
    PRIMARY KEY (field, term)
) WITHOUT ROWID;
