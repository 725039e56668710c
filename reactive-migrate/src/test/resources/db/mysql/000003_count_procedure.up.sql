-- a procedure written without DELIMITER: its body's semicolons stay inside it
CREATE PROCEDURE count_notes(IN account BIGINT UNSIGNED, OUT total INT)
BEGIN
    DECLARE n INT DEFAULT 0;
    SELECT COUNT(*) INTO n FROM notes WHERE account_id = account;
    IF n > 0 THEN
        SET total = n;
    ELSE
        SET total = 0;
    END IF;
END;

CREATE TRIGGER notes_status BEFORE INSERT ON notes FOR EACH ROW
BEGIN
    IF NEW.body = '' THEN
        SET NEW.body = '(empty; written by the trigger)';
    END IF;
END;
