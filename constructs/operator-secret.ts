import { EncryptedSecret } from './encrypted-secret';

/**
 * A secret whose value an operator sets (console, CLI or their own pipeline): code creates
 * the empty entry and never writes a value, so none reaches Terraform state or git.
 */
export class OperatorSecret extends EncryptedSecret {}
