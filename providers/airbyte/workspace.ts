import type { TerraformMetaArguments } from 'cdktf';
import type { Construct } from 'constructs';
import { AirbyteResource } from './resource';

export interface AirbyteWorkspaceConfig extends TerraformMetaArguments {
  /** The workspace's name, shown in the UI. */
  readonly name: string;
}

/** `airbyte_workspace`: a workspace, referenced by its id from here on (never looked up by name). */
export class AirbyteWorkspace extends AirbyteResource {
  constructor(
    scope: Construct,
    id: string,
    private readonly config: AirbyteWorkspaceConfig,
  ) {
    super(scope, id, 'airbyte_workspace', config);
  }

  get workspaceId(): string {
    return this.getStringAttribute('workspace_id');
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return { name: this.config.name };
  }
}
