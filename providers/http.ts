/** The hashicorp/http family: its classes by deep path. The provider takes no settings. */
import type { TerraformStack } from 'cdktf';
import { HttpProvider } from '@cdktf/provider-http/lib/provider';

export { DataHttp } from '@cdktf/provider-http/lib/data-http';
export { HttpProvider } from '@cdktf/provider-http/lib/provider';

export function configureHttp(stack: TerraformStack): HttpProvider {
  return new HttpProvider(stack, 'http');
}
