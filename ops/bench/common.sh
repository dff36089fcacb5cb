# Shared by the benchmark scripts (sourced, not run): the database clients, a median, the build,
# and the benchmark dataset in MariaDB database godwit_bench.
my() { mariadb --protocol=TCP -h 127.0.0.1 -uroot --default-character-set=utf8mb4 "$@"; }
pg() { psql -q -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 "$@"; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# Makes the servers ready, builds Godwit and sets $jar.
bench_build() {
  ./ops/services.sh >/dev/null
  echo "bench: building godwit" >&2
  mvn -B -q -DskipTests -Dspotless.check.skip=true package >&2
  jar=$(ls target/godwit-*.jar | head -n 1)
}

# Rows in the dataset's three tables.
bench_total_rows() {
  my -N -e "SELECT (SELECT COUNT(*) FROM godwit_bench.orders) + (SELECT COUNT(*) FROM godwit_bench.customers) + (SELECT COUNT(*) FROM godwit_bench.order_lines)"
}

# The benchmark dataset: `orders` (N rows, ~280 bytes each: bigint key, int, decimal(12,2), datetime(6), varchar,
# ~200-byte JSON), `customers` (N/10 rows) and `order_lines` (composite key, N/4 rows). Generated
# only when the row count differs.
bench_dataset() {
  local rows=$1
  local have
  have=$(my -N -e "SELECT COUNT(*) FROM godwit_bench.orders" 2>/dev/null || echo 0)
  if [ "$have" = "$rows" ]; then
    return 0
  fi
  echo "bench: generating $rows orders in MariaDB godwit_bench" >&2
  my -e "DROP DATABASE IF EXISTS godwit_bench; CREATE DATABASE godwit_bench"
  my godwit_bench <<SQL
CREATE TABLE customers (
  id INT NOT NULL PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  email VARCHAR(120) NOT NULL,
  created_at DATETIME(6) NOT NULL
);
CREATE TABLE orders (
  id BIGINT NOT NULL PRIMARY KEY,
  customer_id INT NOT NULL,
  total DECIMAL(12,2) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  status VARCHAR(20) NOT NULL,
  payload JSON NOT NULL,
  KEY ix_orders_customer (customer_id)
);
CREATE TABLE order_lines (
  order_id BIGINT NOT NULL,
  line_no SMALLINT NOT NULL,
  sku CHAR(12) NOT NULL,
  quantity INT NOT NULL,
  price DECIMAL(10,2) NOT NULL,
  PRIMARY KEY (order_id, line_no)
);
INSERT INTO customers
  SELECT seq, CONCAT('customer ', seq), CONCAT('c', seq, '@example.com'),
         TIMESTAMP'2020-01-01 00:00:00' + INTERVAL seq SECOND
  FROM seq_1_to_$((rows / 10));
INSERT INTO orders
  SELECT seq, 1 + seq % $((rows / 10)), ROUND((seq % 100000) / 7, 2),
         TIMESTAMP'2021-01-01 00:00:00' + INTERVAL seq * 1000003 MICROSECOND,
         ELT(1 + seq % 4, 'new', 'paid', 'shipped', 'cancelled'),
         JSON_OBJECT('sku', CONCAT('SKU-', LPAD(seq % 99991, 6, '0')), 'qty', seq % 9,
                     'gift', seq % 5 = 0, 'note', REPEAT('x', 120), 'tags', JSON_ARRAY('a', 'b'))
  FROM seq_1_to_$rows;
INSERT INTO order_lines
  SELECT 1 + (seq - 1) DIV 2, 1 + (seq - 1) % 2, CONCAT('SKU-', LPAD(seq % 99991, 8, '0')),
         1 + seq % 5, ROUND((seq % 5000) / 3, 2)
  FROM seq_1_to_$((rows / 4));
ANALYZE TABLE customers, orders, order_lines;
SQL
}

# Starts `godwit run -c FILE` in the background with its output in LOG, sets $run_pid, and waits
# until every table streams; exits with the log's tail if the run stops first.
bench_run_until_streaming() {
  local file=$1 log=$2
  java -Xmx768m -jar "$jar" run -c "$file" > "$log" 2>&1 &
  run_pid=$!
  echo "bench: godwit run started; waiting until every table streams" >&2
  until java -jar "$jar" status -c "$file" --json 2>/dev/null \
      | python3 -c 'import json,sys; t=json.load(sys.stdin)["tables"]; sys.exit(0 if t and all(x["phase"].upper()=="STREAMING" for x in t) else 1)'; do
    kill -0 "$run_pid" 2>/dev/null || { echo "bench: godwit run stopped; see its log:" >&2; tail -20 "$log" >&2; exit 1; }
    sleep 2
  done
}
