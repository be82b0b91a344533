package drivetape.export.lerobot;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * A Parquet file written row by row, with the column types pyarrow writes for what LeRobot stores: whole
 * numbers, floats, strings and (nested) lists, the lists in Parquet's standard three-level LIST layout so pyarrow,
 * DuckDB and pandas read them as lists. Snappy-compressed, dictionary-encoded, v1 data pages: what every reader
 * takes.
 */
final class ParquetTable implements Closeable {

    /** A column's type. */
    sealed interface ColumnType permits Scalar, ListOf {
    }

    enum Scalar implements ColumnType {
        INT64, FLOAT32, FLOAT64, STRING
    }

    /** A list of {@code element}s: long[], float[], double[] or a {@link List} of element values. */
    record ListOf(ColumnType element) implements ColumnType {
    }

    record Column(String name, ColumnType type) {
    }

    private static final String LIST = "list";
    private static final String ELEMENT = "element";

    private final List<Column> columns;
    private final ParquetWriter<Object[]> writer;

    private ParquetTable(List<Column> columns, ParquetWriter<Object[]> writer) {
        this.columns = columns;
        this.writer = writer;
    }

    /**
     * Creates {@code file} (which must not exist) with these columns and key-value metadata (pandas' "pandas"
     * entry, for example).
     */
    static ParquetTable create(Path file, List<Column> columns, Map<String, String> metadata) throws IOException {
        Types.MessageTypeBuilder message = Types.buildMessage();
        for (Column c : columns) {
            message.addField(type(c.type(), c.name()));
        }
        MessageType schema = message.named("schema");
        ParquetWriter<Object[]> writer = new Builder(new LocalOutputFile(file), new RowWriteSupport(schema, columns,
                Map.copyOf(metadata)))
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withDictionaryEncoding(true)
                .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0)
                .build();
        return new ParquetTable(List.copyOf(columns), writer);
    }

    /** One row: a value per column, in column order (null for a missing value). */
    void write(Object... row) throws IOException {
        if (row.length != columns.size()) {
            throw new IllegalArgumentException("a row has " + columns.size() + " values, got " + row.length);
        }
        writer.write(row);
    }

    /** Bytes written so far, including what is buffered for the current row group. */
    long dataSize() {
        return writer.getDataSize();
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }

    private static Type type(ColumnType type, String name) {
        if (type instanceof Scalar scalar) {
            return switch (scalar) {
                case INT64 -> Types.optional(PrimitiveTypeName.INT64).named(name);
                case FLOAT32 -> Types.optional(PrimitiveTypeName.FLOAT).named(name);
                case FLOAT64 -> Types.optional(PrimitiveTypeName.DOUBLE).named(name);
                case STRING -> Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                        .named(name);
            };
        }
        ListOf list = (ListOf) type;
        return Types.optionalGroup().as(LogicalTypeAnnotation.listType())
                .addField(Types.repeatedGroup().addField(type(list.element(), ELEMENT)).named(LIST))
                .named(name);
    }

    private static final class Builder extends ParquetWriter.Builder<Object[], Builder> {
        private final WriteSupport<Object[]> support;

        Builder(LocalOutputFile file, WriteSupport<Object[]> support) {
            super(file);
            this.support = support;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Object[]> getWriteSupport(Configuration conf) {
            return support;
        }
    }

    /** Turns a row of Java values into Parquet's record events. */
    private static final class RowWriteSupport extends WriteSupport<Object[]> {
        private final MessageType schema;
        private final List<Column> columns;
        private final Map<String, String> metadata;
        private RecordConsumer out;

        RowWriteSupport(MessageType schema, List<Column> columns, Map<String, String> metadata) {
            this.schema = schema;
            this.columns = columns;
            this.metadata = metadata;
        }

        @Override
        public WriteContext init(Configuration configuration) {
            return new WriteContext(schema, metadata);
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.out = recordConsumer;
        }

        @Override
        public void write(Object[] row) {
            out.startMessage();
            for (int i = 0; i < row.length; i++) {
                if (row[i] == null) {
                    continue;
                }
                Column c = columns.get(i);
                out.startField(c.name(), i);
                value(c.type(), row[i]);
                out.endField(c.name(), i);
            }
            out.endMessage();
        }

        private void value(ColumnType type, Object value) {
            if (type instanceof Scalar scalar) {
                switch (scalar) {
                    case INT64 -> out.addLong(((Number) value).longValue());
                    case FLOAT32 -> out.addFloat(((Number) value).floatValue());
                    case FLOAT64 -> out.addDouble(((Number) value).doubleValue());
                    case STRING -> out.addBinary(Binary.fromString((String) value));
                }
                return;
            }
            ColumnType element = ((ListOf) type).element();
            int size = length(value);
            out.startGroup();
            if (size > 0) {
                out.startField(LIST, 0);
                for (int i = 0; i < size; i++) {
                    out.startGroup();
                    out.startField(ELEMENT, 0);
                    value(element, element(value, i));
                    out.endField(ELEMENT, 0);
                    out.endGroup();
                }
                out.endField(LIST, 0);
            }
            out.endGroup();
        }

        private static int length(Object list) {
            if (list instanceof long[] a) {
                return a.length;
            }
            if (list instanceof float[] a) {
                return a.length;
            }
            if (list instanceof double[] a) {
                return a.length;
            }
            return ((List<?>) list).size();
        }

        private static Object element(Object list, int i) {
            if (list instanceof long[] a) {
                return a[i];
            }
            if (list instanceof float[] a) {
                return a[i];
            }
            if (list instanceof double[] a) {
                return a[i];
            }
            return ((List<?>) list).get(i);
        }
    }
}
