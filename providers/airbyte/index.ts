/** The airbytehq/airbyte family: hand-written bindings for exactly what the platform uses. */
export { AIRBYTE_PROVIDER_SOURCE, AIRBYTE_PROVIDER_VERSION, AirbyteProvider, configureAirbyte, type AirbyteProviderConfig } from './provider';
