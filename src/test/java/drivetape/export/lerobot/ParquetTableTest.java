package drivetape.export.lerobot;

import static org.assertj.core.api.Assertions.assertThat;

import drivetape.export.lerobot.ParquetTable.Column;
import drivetape.export.lerobot.ParquetTable.ListOf;
import drivetape.export.lerobot.ParquetTable.Scalar;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetTableTest {
    @TempDir
    Path dir;

    @Test
    void duckDbReadsEveryColumnTypeBack() throws Exception {
        Path file = dir.resolve("t.parquet");
        try (ParquetTable t = ParquetTable.create(file, List.of(
                new Column("n", Scalar.INT64), new Column("f", Scalar.FLOAT32), new Column("d", Scalar.FLOAT64),
                new Column("s", Scalar.STRING), new Column("v.state", new ListOf(Scalar.FLOAT32)),
                new Column("tasks", new ListOf(Scalar.STRING)),
                new Column("cube", new ListOf(new ListOf(new ListOf(Scalar.FLOAT64))))),
                Map.of("k", "{\"x\": 1}"))) {
            t.write(1L, 0.5f, 0.25, "drive", new float[] {-1f, 0.5f}, List.of("a", "b"),
                    List.of(List.of(List.of(0.1)), List.of(List.of(0.2)), List.of(List.of(0.3))));
            t.write(2L, null, 3.0, "x", new float[0], List.of(), List.of());
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            ResultSet types = st.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + file + "')");
            StringBuilder s = new StringBuilder();
            while (types.next()) {
                s.append(types.getString(1)).append(':').append(types.getString(2)).append(' ');
            }
            assertThat(s.toString().strip()).isEqualTo(
                    "n:BIGINT f:FLOAT d:DOUBLE s:VARCHAR v.state:FLOAT[] tasks:VARCHAR[] cube:DOUBLE[][][]");
            ResultSet rows = st.executeQuery("SELECT n, f, d, s, \"v.state\"::VARCHAR, tasks::VARCHAR, cube::VARCHAR "
                    + "FROM read_parquet('" + file + "') ORDER BY n");
            rows.next();
            assertThat(rows.getLong(1)).isEqualTo(1);
            assertThat(rows.getFloat(2)).isEqualTo(0.5f);
            assertThat(rows.getDouble(3)).isEqualTo(0.25);
            assertThat(rows.getString(4)).isEqualTo("drive");
            assertThat(rows.getString(5)).isEqualTo("[-1.0, 0.5]");
            assertThat(rows.getString(6)).isEqualTo("[a, b]");
            assertThat(rows.getString(7)).isEqualTo("[[[0.1]], [[0.2]], [[0.3]]]");
            rows.next();
            rows.getFloat(2);
            assertThat(rows.wasNull()).isTrue();
            assertThat(rows.getString(5)).isEqualTo("[]");
            ResultSet kv = st.executeQuery("SELECT decode(key), decode(value) FROM parquet_kv_metadata('" + file + "')");
            kv.next();
            assertThat(kv.getString(1)).isEqualTo("k");
            assertThat(kv.getString(2)).isEqualTo("{\"x\": 1}");
        }
    }
}
