import type { Construct } from 'constructs';
import type { PlatformConfig } from '../config';
import { NetworkStack } from './network';
import { SecretsStack } from './secrets';
import { StorageStack } from './storage';

/** The platform's stacks; cross-stack references set their deploy order. */
export interface Platform {
  readonly network: NetworkStack;
  readonly storage: StorageStack;
  readonly secrets: SecretsStack;
}

export function buildPlatform(app: Construct, config: PlatformConfig): Platform {
  const network = new NetworkStack(app, 'network', { config });
  const storage = new StorageStack(app, 'storage', { config });
  const secrets = new SecretsStack(app, 'secrets', { config, key: storage.platformKey });
  return { network, storage, secrets };
}
