#!/bin/sh
# A small write load on the shop while the migration streams: one order a second, and updates.
set -eu
while true; do
  mysql -h mysql -u app -papp shop -e "
    INSERT INTO orders (customer_id, status, total) VALUES (1 + FLOOR(RAND() * 2), 'new', ROUND(RAND() * 100, 2));
    UPDATE orders SET status = 'paid' WHERE status = 'new' ORDER BY id LIMIT 1;" || true
  sleep 1
done
