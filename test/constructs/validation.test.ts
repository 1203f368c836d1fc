import { TerraformStack, Testing } from 'cdktf';
import { OperatorSecret } from '../../constructs/operator-secret';
import { PlatformKey } from '../../constructs/platform-key';
import { PrivateNetwork } from '../../constructs/private-network';
import { SecureBucket } from '../../constructs/secure-bucket';

function scope(): TerraformStack {
  return new TerraformStack(Testing.app(), 'constructs');
}

describe('construct props are validated where they are given', () => {
  it('PlatformKey rejects a deletion window AWS would refuse', () => {
    expect(() => new PlatformKey(scope(), 'key', { alias: 'a', description: 'd', deletionWindowDays: 3 })).toThrow(
      'PlatformKey key: deletionWindowDays must be 7-30, got 3',
    );
  });

  it('SecureBucket rejects a name prefix longer than bucket_prefix allows', () => {
    expect(() => new SecureBucket(scope(), 'bucket', { namePrefix: 'x'.repeat(38), key: undefined, accessLogs: undefined })).toThrow(
      /SecureBucket bucket: namePrefix "x{38}" is longer than S3's 37-character bucket_prefix limit/,
    );
  });

  it('PrivateNetwork rejects a subnet list that does not cover every AZ', () => {
    expect(
      () =>
        new PrivateNetwork(scope(), 'network', {
          name: 'n',
          cidr: '10.0.0.0/16',
          availabilityZones: ['us-east-1a', 'us-east-1b'],
          subnets: { public: ['10.0.0.0/24'], private: ['10.0.16.0/20', '10.0.32.0/20'], isolated: ['10.0.64.0/24', '10.0.65.0/24'] },
        }),
    ).toThrow('PrivateNetwork network: subnets.public needs one CIDR per availability zone (2), got 1');
  });

  it('OperatorSecret rejects a recovery window that would delete at once', () => {
    const stack = scope();
    const key = new PlatformKey(stack, 'key', { alias: 'a', description: 'd' });
    expect(() => new OperatorSecret(stack, 'secret', { name: 'n', description: 'd', key, region: 'us-east-1', recoveryWindowDays: 0 })).toThrow(
      'OperatorSecret secret: recoveryWindowDays must be 7-30, got 0',
    );
  });
});
