/** Wire codecs of the ALM Usage (RFC 7019 §7.2, §10, §14). */
export * from './codes.ts';
export * from './dictionary.ts';
export * from './alm-header.ts';
export * from './alm-message-contents.ts';
export * from './bodies.ts';
export * from './node-statistics.ts';
export * from './error.ts';
export * from './alm-message.ts';
export type { Format } from './format.ts';
export { codecOf } from './format.ts';
export { NODE_ID_LENGTH, readNodeId, writeNodeId } from '../../reload/wire/fields.ts';
