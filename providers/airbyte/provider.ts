import { TerraformProvider, type TerraformStack } from 'cdktf';

/**
 * airbytehq/airbyte, pinned: no prebuilt cdktf package exists, so the platform binds by hand
 * exactly the provider settings and resources it uses (this folder).
 */
export const AIRBYTE_PROVIDER_SOURCE = 'airbytehq/airbyte';
export const AIRBYTE_PROVIDER_VERSION = '1.2.0';

export interface AirbyteProviderConfig {
  /** Public API base of a self-managed server, `http://<host>:8001/api/public/v1`. */
  readonly serverUrl: string;
  /** The instance admin's application client id and secret; ephemeral values, so they never reach state. */
  readonly clientId: string;
  readonly clientSecret: string;
  /**
   * The token endpoint. The provider's default resolves against the host root, which is wrong
   * for a self-managed server: give `<serverUrl>/applications/token`.
   */
  readonly tokenUrl: string;
}

export class AirbyteProvider extends TerraformProvider {
  constructor(
    scope: TerraformStack,
    id: string,
    private readonly config: AirbyteProviderConfig,
  ) {
    super(scope, id, {
      terraformResourceType: 'airbyte',
      terraformGeneratorMetadata: { providerName: 'airbyte', providerVersion: AIRBYTE_PROVIDER_VERSION },
      terraformProviderSource: AIRBYTE_PROVIDER_SOURCE,
    });
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return {
      server_url: this.config.serverUrl,
      client_id: this.config.clientId,
      client_secret: this.config.clientSecret,
      token_url: this.config.tokenUrl,
    };
  }
}

export function configureAirbyte(stack: TerraformStack, config: AirbyteProviderConfig): AirbyteProvider {
  return new AirbyteProvider(stack, 'airbyte', config);
}
