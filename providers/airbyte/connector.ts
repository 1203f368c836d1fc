import type { TerraformMetaArguments } from 'cdktf';

/** What `airbyte_source` and `airbyte_destination` share: a connector by definition id, configured by a JSON document. */
export interface AirbyteConnectorConfig extends TerraformMetaArguments {
  /** Shown in the UI and the API. */
  readonly name: string;
  readonly workspaceId: string;
  /** The connector's definition id in Airbyte's registry (its `metadata.yaml` `definitionId`). */
  readonly definitionId: string;
  /** The connector's configuration as a JSON string (e.g. `Fn.jsonencode(...)`), per the connector's spec. */
  readonly configuration: string;
}

export function connectorAttributes(config: AirbyteConnectorConfig): Record<string, unknown> {
  return { name: config.name, workspace_id: config.workspaceId, definition_id: config.definitionId, configuration: config.configuration };
}
