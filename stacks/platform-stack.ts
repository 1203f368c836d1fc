import { Aspects, LocalBackend, S3Backend, TerraformStack, type S3BackendConfig } from 'cdktf';
import type { Construct } from 'constructs';
import { PolicyAspect, type PolicyRule } from '../aspects/policy';
import { baselineRules } from '../aspects/rules';
import type { PlatformConfig } from '../config';
import { addAwsProvider, emulatorStateBackendSettings } from './aws-provider';

export interface PlatformStackProps {
  readonly config: PlatformConfig;
  /** Security rules for resource kinds this stack brings, on top of the baseline. @default none */
  readonly policyRules?: readonly PolicyRule[];
}

/**
 * What every stack of the platform shares: its state backend, the AWS provider with the
 * platform's tags, and the security policy that fails synthesis on insecure resources.
 */
export class PlatformStack extends TerraformStack {
  /** `<namePrefix>-<environment>`, the start of every resource name. */
  readonly baseName: string;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    const { config } = props;
    this.baseName = `${config.namePrefix}-${config.environment}`;
    configureStateBackend(this, id, config);
    addAwsProvider(this, config);
    Aspects.of(this).add(new PolicyAspect([...baselineRules, ...(props.policyRules ?? [])]));
  }
}

function configureStateBackend(stack: TerraformStack, id: string, config: PlatformConfig): void {
  const backend = config.stateBackend;
  if (backend.type === 'local') {
    // Relative to cdktf.out/stacks/<id>/, where cdktf runs Terraform, so the synthesized
    // JSON holds no machine-specific path and state survives a fresh synth.
    new LocalBackend(stack, { path: `../../../${backend.directory}/${id}.tfstate` });
    return;
  }
  // cdktf 0.21's typings predate `use_lockfile`; the backend passes unknown keys through.
  const settings: S3BackendConfig & { useLockfile: boolean } = {
    bucket: backend.bucket,
    key: `${backend.keyPrefix}/${id}.tfstate`,
    region: backend.region,
    encrypt: backend.encrypt,
    useLockfile: backend.useLockfile,
    ...emulatorStateBackendSettings(config),
  };
  new S3Backend(stack, settings);
}
