// Reads an MCAP file with Foxglove's own TypeScript readers and prints what is in it as JSON, for
// McapExportTest to compare with the episode the file was exported from.
//
//   node read-mcap.mjs FILE.mcap [--stream]
//
// Indexed (default): McapIndexedReader (magic, footer, summary CRC, then every message through the chunk
// indexes and message indexes with chunk CRCs checked), plus the layout checks the reader leaves out: the data
// section CRC, every summary offset group, every chunk index against its chunk and message index records,
// and the statistics against the messages read. Messages are read per channel (readMessages({topics})).
// --stream: McapStreamReader front to back, the way a reader without seeking (or `mcap cat`) sees the file.
//
// Decoding is Foxglove's: protobuf through @mcap/support's descriptor loading (protobufjs), JSON with
// JSON.parse, each JSON schema held to the rules of Foxglove's JSON-schema parser. Times are strings
// (nanoseconds do not fit a JS number). Any failed check exits 1 with the reason on stderr.

import { createHash } from "node:crypto";
import { open, readFile } from "node:fs/promises";
import { crc32 } from "@foxglove/crc";
import { McapIndexedReader, McapStreamReader } from "@mcap/core";
import { FileHandleReadable } from "@mcap/nodejs";
import { loadDecompressHandlers, protobufFromBinaryDescriptor } from "@mcap/support";

const [file, mode = "--indexed"] = process.argv.slice(2);
if (!file || !["--indexed", "--stream"].includes(mode)) {
  console.error("usage: node read-mcap.mjs FILE.mcap [--stream]");
  process.exit(2);
}

const OP = { SCHEMA: 0x03, CHANNEL: 0x04, CHUNK_INDEX: 0x08, STATISTICS: 0x0b, METADATA_INDEX: 0x0d };
const decompressHandlers = await loadDecompressHandlers();
const checks = [];

function check(condition, what) {
  if (!condition) {
    throw new Error(`check failed: ${what}`);
  }
}

function passed(what) {
  checks.push(what);
}

// Records in a byte range of the file, parsed by McapStreamReader (noMagicPrefix: a bare run of records).
function recordsIn(bytes) {
  const reader = new McapStreamReader({ noMagicPrefix: true, decompressHandlers, includeChunks: true });
  reader.append(bytes);
  const records = [];
  for (let r; (r = reader.nextRecord()); ) {
    records.push(r);
    if (r.type === "Chunk") {
      break; // its messages name channels this bare reader has not seen
    }
  }
  return { records, rest: reader.bytesRemaining() };
}

// The JSON-schema forms Foxglove's parser (parseJsonSchema) accepts; anything else makes it drop the channel.
function checkSchemaForFoxglove(schema, path) {
  check(schema.type === "object", `${path}: "type": "object"`);
  check(schema.properties && typeof schema.properties === "object", `${path}: has properties`);
  for (const [name, field] of Object.entries(schema.properties)) {
    const where = `${path}.${name}`;
    check(["boolean", "string", "number", "integer", "object", "array"].includes(field.type),
      `${where}: one supported type, not ${JSON.stringify(field.type)}`);
    if (field.type === "object") {
      checkSchemaForFoxglove(field, where);
    }
  }
}

// Every member of a message is declared in its schema with a matching type.
function checkValue(value, schema, path) {
  switch (schema.type) {
    case "object":
      check(value !== null && typeof value === "object" && !Array.isArray(value), `${path} is an object`);
      for (const [k, v] of Object.entries(value)) {
        check(schema.properties[k] !== undefined, `${path}.${k} is in the schema`);
        checkValue(v, schema.properties[k], `${path}.${k}`);
      }
      break;
    case "integer":
      check(Number.isInteger(value), `${path} is an integer`);
      break;
    case "number":
      check(typeof value === "number" && Number.isFinite(value), `${path} is a number`);
      break;
    case "string":
      check(typeof value === "string", `${path} is a string`);
      break;
    default:
      check(false, `${path}: type ${schema.type}`);
  }
}

function decoderFor(channel, schema) {
  if (channel.messageEncoding === "protobuf") {
    check(schema.encoding === "protobuf", `${channel.topic}: protobuf schema`);
    const type = protobufFromBinaryDescriptor(schema.data).lookupType(schema.name);
    return (data) => {
      const m = type.decode(data);
      return {
        timestamp: { sec: m.timestamp.seconds.toString(), nsec: m.timestamp.nanos },
        frame_id: m.frame_id ?? m.frameId,
        format: m.format,
        bytes: m.data.length,
        sha256: createHash("sha256").update(m.data).digest("hex"),
      };
    };
  }
  check(channel.messageEncoding === "json" && schema.encoding === "jsonschema", `${channel.topic}: json`);
  const jsonSchema = JSON.parse(new TextDecoder().decode(schema.data));
  checkSchemaForFoxglove(jsonSchema, schema.name);
  return (data) => {
    const value = JSON.parse(new TextDecoder().decode(data));
    checkValue(value, jsonSchema, channel.topic);
    return value;
  };
}

function describeChannels(channels, schemas) {
  return [...channels.values()].sort((a, b) => a.id - b.id).map((c) => ({
    id: c.id,
    topic: c.topic,
    messageEncoding: c.messageEncoding,
    schemaName: schemas.get(c.schemaId)?.name,
    schemaEncoding: schemas.get(c.schemaId)?.encoding,
    metadata: Object.fromEntries(c.metadata),
  }));
}

function messageOut(message, decode) {
  return {
    sequence: message.sequence,
    logTime: message.logTime.toString(),
    publishTime: message.publishTime.toString(),
    message: decode(message.data),
  };
}

async function readIndexed() {
  const handle = await open(file, "r");
  try {
    const reader = await McapIndexedReader.Initialize({ readable: new FileHandleReadable(handle), decompressHandlers });
    const bytes = await readFile(file);
    passed("magic, header, footer, summary parsed");

    check(reader.footer.summaryCrc !== 0, "the footer has a summary CRC");
    passed("summary CRC");
    check(reader.dataSectionCrc !== undefined, "Data End has a data section CRC");
    check(crc32(bytes.subarray(0, Number(reader.dataEndOffset))) === reader.dataSectionCrc, "data section CRC");
    passed("data section CRC");

    // Summary offsets: one per opcode group, each covering exactly the records of that opcode.
    const wanted = [OP.SCHEMA, OP.CHANNEL, OP.STATISTICS, OP.METADATA_INDEX, OP.CHUNK_INDEX];
    const typeOf = { [OP.SCHEMA]: "Schema", [OP.CHANNEL]: "Channel", [OP.STATISTICS]: "Statistics",
      [OP.METADATA_INDEX]: "MetadataIndex", [OP.CHUNK_INDEX]: "ChunkIndex" };
    let covered = 0n;
    for (const opcode of wanted) {
      const offset = reader.summaryOffsetsByOpcode.get(opcode);
      check(offset !== undefined, `a summary offset for opcode ${opcode}`);
      const group = bytes.subarray(Number(offset.groupStart), Number(offset.groupStart + offset.groupLength));
      const { records, rest } = recordsIn(group);
      check(rest === 0 && records.length > 0 && records.every((r) => r.type === typeOf[opcode]),
        `summary offset group ${opcode} holds only ${typeOf[opcode]} records`);
      covered += offset.groupLength;
    }
    check(reader.footer.summaryStart + covered === reader.footer.summaryOffsetStart,
      "the groups cover the summary section");
    passed("summary offsets");

    // Chunk indexes against the chunks and message indexes they point at.
    const stats = reader.statistics;
    check(stats !== undefined, "a Statistics record");
    check(reader.chunkIndexes.length === stats.chunkCount, "a chunk index per chunk");
    const indexedPerChannel = new Map();
    let previousEnd = 0n;
    for (const ci of reader.chunkIndexes) {
      const { records } = recordsIn(bytes.subarray(Number(ci.chunkStartOffset), Number(ci.chunkStartOffset + ci.chunkLength)));
      const chunk = records[0];
      check(chunk?.type === "Chunk", `a chunk at ${ci.chunkStartOffset}`);
      check(chunk.messageStartTime === ci.messageStartTime && chunk.messageEndTime === ci.messageEndTime,
        "chunk times match the index");
      check(chunk.compression === ci.compression && BigInt(chunk.records.length) === ci.compressedSize
        && chunk.uncompressedSize === ci.uncompressedSize, "chunk sizes and compression match the index");
      check(ci.chunkStartOffset >= previousEnd, "chunks in file order");
      let at = ci.chunkStartOffset + ci.chunkLength;
      const offsets = [...ci.messageIndexOffsets.entries()].sort((a, b) => (a[1] < b[1] ? -1 : 1));
      check(offsets.length > 0, "message indexes for every chunk");
      for (let i = 0; i < offsets.length; i++) {
        const [channelId, offset] = offsets[i];
        check(offset === at, "message index records follow the chunk back to back");
        const end = i + 1 < offsets.length ? offsets[i + 1][1] : ci.chunkStartOffset + ci.chunkLength + ci.messageIndexLength;
        const { records: mi, rest } = recordsIn(bytes.subarray(Number(offset), Number(end)));
        check(rest === 0 && mi.length === 1 && mi[0].type === "MessageIndex" && mi[0].channelId === channelId,
          `the message index of channel ${channelId} is where the chunk index says`);
        indexedPerChannel.set(channelId, (indexedPerChannel.get(channelId) ?? 0) + mi[0].records.length);
        at = end;
      }
      previousEnd = at;
    }
    passed("chunk indexes and message indexes");

    // Every message, all channels together: log-time order, statistics.
    let count = 0n;
    let last = -1n;
    for await (const m of reader.readMessages({ validateCrcs: true })) {
      check(m.logTime >= last, "messages come in log-time order");
      last = m.logTime;
      count++;
    }
    check(count === stats.messageCount, "statistics.messageCount");
    passed("all messages through the index");

    const messages = {};
    for (const channel of reader.channelsById.values()) {
      const decode = decoderFor(channel, reader.schemasById.get(channel.schemaId));
      const list = [];
      for await (const m of reader.readMessages({ topics: [channel.topic], validateCrcs: true })) {
        check(m.channelId === channel.id, "a topic's messages are on its channel");
        list.push(messageOut(m, decode));
      }
      check(BigInt(list.length) === (stats.channelMessageCounts.get(channel.id) ?? 0n),
        `statistics.channelMessageCounts for ${channel.topic}`);
      check(list.length === (indexedPerChannel.get(channel.id) ?? 0), `message index entries for ${channel.topic}`);
      messages[channel.topic] = list;
    }
    passed("messages per channel");

    const metadata = [];
    for await (const m of reader.readMetadata()) {
      metadata.push({ name: m.name, entries: Object.fromEntries(m.metadata) });
    }
    check(metadata.length === stats.metadataCount, "statistics.metadataCount");

    return {
      mode: "indexed",
      checks,
      header: reader.header,
      channels: describeChannels(reader.channelsById, reader.schemasById),
      statistics: {
        messageCount: stats.messageCount.toString(),
        schemaCount: stats.schemaCount,
        channelCount: stats.channelCount,
        chunkCount: stats.chunkCount,
        metadataCount: stats.metadataCount,
        messageStartTime: stats.messageStartTime.toString(),
        messageEndTime: stats.messageEndTime.toString(),
      },
      chunks: reader.chunkIndexes.map((c) => ({
        compression: c.compression,
        uncompressedSize: Number(c.uncompressedSize),
        compressedSize: Number(c.compressedSize),
      })),
      metadata,
      messages,
    };
  } finally {
    await handle.close();
  }
}

async function readStream() {
  const reader = new McapStreamReader({ decompressHandlers, validateCrcs: true });
  const bytes = await readFile(file);
  const schemas = new Map();
  const channels = new Map();
  const decoders = new Map();
  const messages = {};
  const metadata = [];
  let header;
  let dataEnded = false;
  const STEP = 65536; // as a stream would deliver it
  for (let at = 0; at < bytes.length; at += STEP) {
    reader.append(bytes.subarray(at, Math.min(bytes.length, at + STEP)));
    for (let r; (r = reader.nextRecord()); ) {
      switch (r.type) {
        case "Header":
          header = r;
          break;
        case "Schema":
          if (!dataEnded) schemas.set(r.id, r);
          break;
        case "Channel":
          if (!dataEnded) {
            check(schemas.has(r.schemaId), "a channel's schema comes before it");
            channels.set(r.id, r);
          }
          break;
        case "Message": {
          const channel = channels.get(r.channelId);
          if (!decoders.has(r.channelId)) {
            decoders.set(r.channelId, decoderFor(channel, schemas.get(channel.schemaId)));
            messages[channel.topic] = [];
          }
          messages[channel.topic].push(messageOut(r, decoders.get(r.channelId)));
          break;
        }
        case "Metadata":
          metadata.push({ name: r.name, entries: Object.fromEntries(r.metadata) });
          break;
        case "DataEnd":
          dataEnded = true;
          break;
        default:
          break;
      }
    }
  }
  check(reader.done(), "the stream ends with a footer and magic");
  check(dataEnded, "a Data End record");
  passed("streamed front to back, chunk CRCs checked");
  for (const channel of channels.values()) {
    messages[channel.topic] ??= [];
  }
  return { mode: "stream", checks, header, channels: describeChannels(channels, schemas), metadata, messages };
}

try {
  const result = mode === "--stream" ? await readStream() : await readIndexed();
  process.stdout.write(JSON.stringify(result));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
