import { Aspects, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { OwnershipLabels } from '../aspects/ownership-labels';
import { PolicyAspect } from '../aspects/policy';
import { baselineRules } from '../aspects/rules';
import type { PlatformConfig } from '../config';
import { PlatformNames } from '../config/naming';
import { configureAws } from '../providers/aws';
import type { StackDefinition } from './stack-definition';
import { configureStateBackend } from './state-backend';

/** The oldest Terraform every stack runs on. */
export const MINIMUM_TERRAFORM_VERSION = '>= 1.11.0';

export interface PlatformStackProps {
  readonly config: PlatformConfig;
}

/**
 * What every stack of the platform shares: its state backend, the AWS provider with the
 * platform's tags when the stack uses AWS, owner labels on every resource of the other
 * providers, and the security policy that fails synthesis on insecure resources.
 * A stack configures its other providers itself (providers/<family>.ts), from its props.
 */
export class PlatformStack extends TerraformStack {
  /** `<namePrefix>-<environment>`, the start of every resource name. */
  readonly baseName: string;
  /** Names for every kind of resource, checked against their services' limits at config time. */
  readonly names: PlatformNames;

  constructor(scope: Construct, definition: StackDefinition, props: PlatformStackProps) {
    super(scope, definition.id);
    const { config } = props;
    this.names = new PlatformNames(config);
    this.baseName = this.names.stem;
    configureStateBackend(this, definition.id, config);
    // Ephemeral blocks and S3-native locking need 1.10, write-only attributes 1.11: an older
    // Terraform stops at init with this line instead of failing on the first such block.
    this.addOverride('terraform.required_version', MINIMUM_TERRAFORM_VERSION);
    if (definition.providers.includes('aws')) configureAws(this, config);
    Aspects.of(this).add(new OwnershipLabels(config));
    Aspects.of(this).add(new PolicyAspect(baselineRules));
    this.node.addValidation({ validate: () => this.undeclaredProviders(definition) });
  }

  private undeclaredProviders(definition: StackDefinition): string[] {
    const configured = Object.keys(this.toTerraform().terraform?.required_providers ?? {}).sort();
    const declared = [...definition.providers].sort();
    if (JSON.stringify(configured) === JSON.stringify(declared)) return [];
    return [
      `stack "${definition.id}" configures providers [${configured.join(', ')}] but the registry (stacks/platform.ts) declares [${declared.join(', ')}]; ` +
        'declare every provider the stack uses there, and configure none it does not use',
    ];
  }
}
