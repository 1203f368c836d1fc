import { TerraformResource, type TerraformMetaArguments } from 'cdktf';
import type { Construct } from 'constructs';
import { AIRBYTE_PROVIDER_VERSION } from './provider';

/**
 * An airbytehq/airbyte resource: the provider metadata every binding shares. A subclass writes
 * exactly the attributes it binds (SCHEMA.md lists them) in `synthesizeAttributes`.
 */
export abstract class AirbyteResource extends TerraformResource {
  constructor(scope: Construct, id: string, terraformResourceType: string, meta: TerraformMetaArguments) {
    super(scope, id, {
      terraformResourceType,
      terraformGeneratorMetadata: { providerName: 'airbyte', providerVersion: AIRBYTE_PROVIDER_VERSION },
      ...meta,
    });
  }
}
