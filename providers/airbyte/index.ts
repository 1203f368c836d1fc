/** The airbytehq/airbyte family: hand-written bindings for exactly what the platform uses (SCHEMA.md lists their attributes). */
export { AirbyteConnection, type AirbyteConnectionConfig, type AirbyteConnectionStream } from './connection';
export type { AirbyteConnectorConfig } from './connector';
export { AirbyteDestination } from './destination';
export { AIRBYTE_PROVIDER_SOURCE, AIRBYTE_PROVIDER_VERSION, AirbyteProvider, configureAirbyte, type AirbyteProviderConfig } from './provider';
export { AirbyteSource } from './source';
export { AirbyteWorkspace } from './workspace';
