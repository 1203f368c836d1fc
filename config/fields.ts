import { z } from 'zod';
import { canonical, formatCidr, hasHostBits, parseCidr } from './cidr';

/** Values CloudWatch Logs accepts for a log group's retention. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** An IPv4 CIDR without host bits; `what` names it in the message, e.g. "an admin range". */
export function cidrField(what: string) {
  return z.string().superRefine((value, ctx) => {
    const cidr = parseCidr(value);
    if (!cidr) {
      ctx.addIssue({
        code: 'custom',
        message: `"${value}" is not a valid IPv4 CIDR; write ${what} as a.b.c.d/n with octets 0-255 and n from 0 to 32`,
      });
    } else if (hasHostBits(cidr)) {
      ctx.addIssue({
        code: 'custom',
        message: `"${value}" has host bits set; did you mean "${formatCidr(canonical(cidr))}"?`,
      });
    }
  });
}

/** A lower-case name part that becomes part of bucket and resource names. */
export function nameSegment(maxLength: number) {
  return z.string().regex(new RegExp(`^[a-z][a-z0-9-]{0,${maxLength - 2}}[a-z0-9]$`), {
    message: `must be 2-${maxLength} characters of lower-case letters, digits and hyphens, starting with a letter (it becomes part of bucket and resource names)`,
  });
}

export const regionField = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, {
  message: 'must be an AWS region name such as "us-east-1" or "eu-west-1"',
});

export const s3BucketNameField = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
  message: 'must be a valid S3 bucket name: 3-63 characters of lower-case letters, digits, dots and hyphens',
});

export const tagsField = z.record(
  z
    .string()
    .min(1)
    .max(128, { message: 'tag keys are at most 128 characters' })
    .refine((key) => !key.toLowerCase().startsWith('aws:'), { message: 'tag keys starting with "aws:" are reserved by AWS' }),
  z.string().max(256, { message: 'tag values are at most 256 characters' }),
);

/** Days a log group keeps events: one of CloudWatch Logs' allowed values. */
export const logRetentionDaysField = z.number().refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
  message: `must be one of CloudWatch Logs' retention values: ${LOG_RETENTION_DAYS.join(', ')}`,
});

export const positiveDaysField = z.number().int({ message: 'must be a whole number of days' }).positive({ message: 'must be a positive number of days' });

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
