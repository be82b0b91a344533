package drivetape.export.lerobot;

/**
 * Where the next data or video file goes: chunk and file index, moving on as LeRobot's
 * update_chunk_file_indices does (a new chunk every {@link LeRobotLayout#CHUNKS_SIZE} files).
 */
record FileIndex(int chunk, int file) {
    static final FileIndex FIRST = new FileIndex(0, 0);

    FileIndex next() {
        return file == LeRobotLayout.CHUNKS_SIZE - 1 ? new FileIndex(chunk + 1, 0) : new FileIndex(chunk, file + 1);
    }

    String path(String template) {
        return LeRobotLayout.path(template, chunk, file);
    }
}
