-- The sample shop on MySQL 8 and the user Godwit captures with (see ops/runbooks/preparing-the-source.md).
CREATE DATABASE IF NOT EXISTS shop;
USE shop;
CREATE TABLE customers (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, email VARCHAR(120) NOT NULL UNIQUE,
  name VARCHAR(100) NOT NULL, vip TINYINT(1) NOT NULL DEFAULT 0,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6));
CREATE TABLE orders (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, customer_id INT NOT NULL,
  status VARCHAR(16) NOT NULL, total DECIMAL(12,2) NOT NULL, note JSON NULL,
  placed_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), KEY ix_orders_customer (customer_id));
INSERT INTO customers (email, name) VALUES ('ada@example.com', 'Ada'), ('alan@example.com', 'Alan');
INSERT INTO orders (customer_id, status, total, note) VALUES (1, 'paid', 12.50, '{"gift": true}');
CREATE USER 'godwit'@'%' IDENTIFIED BY 'godwit';
GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT, SYSTEM_VARIABLES_ADMIN ON *.* TO 'godwit'@'%';
CREATE USER 'app'@'%' IDENTIFIED BY 'app';
GRANT SELECT, INSERT, UPDATE, DELETE ON shop.* TO 'app'@'%';
