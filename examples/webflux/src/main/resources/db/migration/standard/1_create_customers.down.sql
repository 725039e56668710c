DROP TABLE accounts;
DROP TABLE customers;
