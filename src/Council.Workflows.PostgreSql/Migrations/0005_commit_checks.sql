-- A commit is sent to the server in one batch (BEGIN, every check and write, COMMIT). A check that fails must fail the
-- batch, so the rest of it (COMMIT included) is not run: this raises the error the store reads the reason from —
-- CW001 the number is not the sequence's next, CW002 the case is not at the version the decision was made on, CW003 a
-- limit over the cases' keys would be exceeded.
CREATE FUNCTION commit_check(ok boolean, code text) RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    IF ok IS NOT TRUE THEN
        RAISE EXCEPTION 'Council.Workflows commit check % failed', code USING ERRCODE = code;
    END IF;
    RETURN 1;
END
$$;
