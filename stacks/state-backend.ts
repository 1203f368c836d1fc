import { LocalBackend, S3Backend, type S3BackendConfig, type TerraformStack } from 'cdktf';
import type { PlatformConfig } from '../config';
import { emulatorStateBackendSettings } from '../providers/aws';

/** Where the stack keeps its state: a project-relative file, or `<keyPrefix>/<stack>.tfstate` in S3 with native locking. */
export function configureStateBackend(stack: TerraformStack, id: string, config: PlatformConfig): void {
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
