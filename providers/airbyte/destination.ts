import type { Construct } from 'constructs';
import { connectorAttributes, type AirbyteConnectorConfig } from './connector';
import { AirbyteResource } from './resource';

/** `airbyte_destination` (generic): a destination connector configured with JSON. */
export class AirbyteDestination extends AirbyteResource {
  constructor(
    scope: Construct,
    id: string,
    private readonly config: AirbyteConnectorConfig,
  ) {
    super(scope, id, 'airbyte_destination', config);
  }

  get destinationId(): string {
    return this.getStringAttribute('destination_id');
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return connectorAttributes(this.config);
  }
}
