-- Reserved: version 3 is another change's (periodic runs), made on another branch; this placeholder keeps the numbers in
-- order so 0004 applies after it, and is replaced by that change's script when the branches meet. It changes nothing.
SELECT 1;
