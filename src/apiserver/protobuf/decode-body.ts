/**
 * Kubernetes protobuf request bodies (`Content-Type: application/vnd.kubernetes.protobuf`, sent by kubectl 1.32+
 * for `create <generator>` and `autoscale`): the `k8s\0` magic, then a runtime.Unknown envelope
 * `{1: typeMeta {1: apiVersion, 2: kind}, 2: raw, 3: contentEncoding, 4: contentType}` whose `raw` is the object's
 * own message.
 */
import type { JsonObject } from '../../api/object.js';
import { schemaForKind } from '../../api/schema/index.js';
import { badRequest, type StatusError } from '../../api/status-error.js';
import { decodeMessage } from './decode-message.js';
import { WireError, WireReader, WireType } from './wire-reader.js';

export const protobufMagic: Readonly<Uint8Array> = Uint8Array.from([0x6b, 0x38, 0x73, 0x00]);

export interface DecodedProtobufBody {
  apiVersion: string;
  kind: string;
  /** The object as JSON, with `kind` and `apiVersion` first. */
  object: JsonObject;
}

/** What the endpoint expects; used for defaults (as kube-apiserver does) and in error messages. */
export interface ProtobufBodyExpectation {
  apiVersion: string;
  kind: string;
}

interface Envelope {
  apiVersion: string;
  kind: string;
  raw: Uint8Array;
}

function readEnvelope(data: Uint8Array): Envelope {
  const env: Envelope = { apiVersion: '', kind: '', raw: new Uint8Array() };
  const r = new WireReader(data);
  while (!r.done()) {
    const { field, wireType } = r.tag();
    if (field === 1 && wireType === WireType.LengthDelimited) {
      const tm = new WireReader(r.bytes());
      while (!tm.done()) {
        const t = tm.tag();
        if (t.field === 1 && t.wireType === WireType.LengthDelimited) env.apiVersion = tm.string();
        else if (t.field === 2 && t.wireType === WireType.LengthDelimited) env.kind = tm.string();
        else tm.skip(t.wireType);
      }
    } else if (field === 2 && wireType === WireType.LengthDelimited) {
      env.raw = r.bytes();
    } else {
      r.skip(wireType);
    }
  }
  return env;
}

function hexSummary(body: Uint8Array): string {
  if (body.length === 0) return '<empty>';
  const hex = Buffer.from(body.subarray(0, 30)).toString('hex');
  return body.length > 30 ? `${hex} ...` : hex;
}

function magicList(): string {
  return `[${[...protobufMagic].join(' ')}]`;
}

/**
 * Decodes a protobuf request body into the JSON object kube-apiserver would see. Missing `apiVersion`/`kind`
 * in the envelope are taken from `expect`. Throws a 400 BadRequest StatusError on anything malformed or unknown,
 * worded as kube-apiserver words it.
 */
export function decodeProtobufBody(body: Uint8Array, expect?: ProtobufBodyExpectation): DecodedProtobufBody {
  const unrecognized = (why: string): StatusError =>
    badRequest(
      expect
        ? `the object provided is unrecognized (must be of type ${expect.kind}): ${why} (${hexSummary(body)})`
        : why,
    );
  if (body.length === 0) throw unrecognized('empty data');
  if (body.length < 4 || !protobufMagic.every((b, i) => body[i] === b)) {
    throw unrecognized(`provided data does not appear to be a protobuf message, expected prefix ${magicList()}`);
  }
  if (body.length === 4) throw unrecognized('empty body');
  let env: Envelope;
  try {
    env = readEnvelope(body.subarray(4));
  } catch (err) {
    throw unrecognized(err instanceof Error ? err.message : String(err));
  }
  const apiVersion = env.apiVersion || expect?.apiVersion || '';
  const kind = env.kind || expect?.kind || '';
  const cannot = (why: string): StatusError => {
    const version = apiVersion.slice(apiVersion.indexOf('/') + 1);
    return badRequest(
      kind
        ? `${kind} in version ${JSON.stringify(version)} cannot be handled as a ${expect?.kind ?? kind}: ${why}`
        : why,
    );
  };
  if (!kind) throw cannot("Object 'Kind' is missing in the protobuf envelope");
  if (!apiVersion) throw cannot("Object 'apiVersion' is missing in the protobuf envelope");
  const schema = schemaForKind(apiVersion, kind);
  if (!schema) {
    throw cannot(`no kind ${JSON.stringify(kind)} is registered for version ${JSON.stringify(apiVersion)}`);
  }
  let decoded: JsonObject;
  try {
    decoded = decodeMessage(schema, env.raw);
  } catch (err) {
    if (err instanceof WireError) throw cannot(err.message);
    throw err;
  }
  return { apiVersion, kind, object: { kind, apiVersion, ...decoded } };
}
