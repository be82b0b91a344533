package drivetape.export.mcap;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * A growable byte buffer in MCAP's serialization: little-endian integers, strings and byte arrays with a
 * uint32 length in front, records framed as {@code <opcode><uint64 length><content>}. Reused (reset) for every
 * chunk, so an export allocates it once and lets it grow to the largest chunk.
 */
final class RecordBuffer {
    private byte[] bytes;
    private int size;

    RecordBuffer(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    int size() {
        return size;
    }

    /** The backing array; valid up to {@link #size()} until the next write. */
    byte[] array() {
        return bytes;
    }

    void reset() {
        size = 0;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    RecordBuffer u8(int value) {
        ensure(1);
        bytes[size++] = (byte) value;
        return this;
    }

    RecordBuffer u16(int value) {
        ensure(2);
        bytes[size++] = (byte) value;
        bytes[size++] = (byte) (value >>> 8);
        return this;
    }

    RecordBuffer u32(long value) {
        ensure(4);
        putU32(size, value);
        size += 4;
        return this;
    }

    RecordBuffer u64(long value) {
        ensure(8);
        putU64(size, value);
        size += 8;
        return this;
    }

    /** Claims the next {@code length} bytes for the caller to fill in {@link #array()}, before {@link #size()}. */
    byte[] reserve(int length) {
        ensure(length);
        size += length;
        return bytes;
    }

    /** A String: uint32 byte length, then UTF-8. */
    RecordBuffer string(String value) {
        return prefixed(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Bytes with a uint32 length in front (a Schema's data). */
    RecordBuffer prefixed(byte[] value) {
        u32(value.length);
        return bytes(value, 0, value.length);
    }

    RecordBuffer bytes(byte[] value) {
        return bytes(value, 0, value.length);
    }

    RecordBuffer bytes(byte[] value, int offset, int length) {
        ensure(length);
        System.arraycopy(value, offset, bytes, size, length);
        size += length;
        return this;
    }

    /** Exactly {@code length} bytes from {@code channel}'s current position, read straight into the buffer. */
    RecordBuffer bytes(FileChannel channel, int length) throws IOException {
        ensure(length);
        ByteBuffer target = ByteBuffer.wrap(bytes, size, length);
        while (target.hasRemaining()) {
            if (channel.read(target) < 0) {
                throw new EOFException("the file ended " + target.remaining() + " bytes early");
            }
        }
        size += length;
        return this;
    }

    /** Starts a record: its opcode and a length to be filled in by {@link #endRecord(int)}. */
    int beginRecord(int opcode) {
        u8(opcode);
        int lengthAt = size;
        u64(0);
        return lengthAt;
    }

    void endRecord(int lengthAt) {
        putU64(lengthAt, size - (lengthAt + 8L));
    }

    /** Starts a uint32-length-prefixed part (a Map or an Array), ended by {@link #endPrefixed(int)}. */
    int beginPrefixed() {
        int lengthAt = size;
        u32(0);
        return lengthAt;
    }

    void endPrefixed(int lengthAt) {
        putU32(lengthAt, size - (lengthAt + 4L));
    }

    long crc32() {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, size);
        return crc.getValue();
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, size);
    }

    /** This buffer as a stream to write into (the compressor's output). */
    OutputStream asOutputStream() {
        return new OutputStream() {
            @Override
            public void write(int b) {
                u8(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                bytes(b, off, len);
            }
        };
    }

    private void putU32(int at, long value) {
        bytes[at] = (byte) value;
        bytes[at + 1] = (byte) (value >>> 8);
        bytes[at + 2] = (byte) (value >>> 16);
        bytes[at + 3] = (byte) (value >>> 24);
    }

    private void putU64(int at, long value) {
        for (int i = 0; i < 8; i++) {
            bytes[at + i] = (byte) (value >>> (8 * i));
        }
    }

    private void ensure(int more) {
        long needed = (long) size + more;
        if (needed > bytes.length) {
            if (needed > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("a record buffer cannot hold " + needed + " bytes");
            }
            bytes = Arrays.copyOf(bytes, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(needed, bytes.length * 2L)));
        }
    }
}
