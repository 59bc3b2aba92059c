/** Kubernetes protobuf request bodies, decoded into the JSON objects kube-apiserver would see. */
export {
  type DecodedProtobufBody,
  decodeProtobufBody,
  type ProtobufBodyExpectation,
  protobufMagic,
} from './decode-body.js';
export { decodeMessage } from './decode-message.js';
