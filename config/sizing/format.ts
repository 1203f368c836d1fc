/** Number formats shared by the model's messages and the printed plan. */

export function formatHours(hours: number): string {
  return `${Number(hours.toFixed(2))} h`;
}

export function formatPercent(fraction: number): string {
  return `${Number((fraction * 100).toFixed(1))}%`;
}

/** Two decimals for a batch, whole terabytes (with separators) for a year of storage. */
export function formatTb(terabytes: number): string {
  if (terabytes >= 100) return `${Math.round(terabytes).toLocaleString('en-US')} TB`;
  return `${Number(terabytes.toFixed(terabytes < 10 ? 2 : 1))} TB`;
}

export function formatUsd(amount: number): string {
  return `$${Math.round(amount).toLocaleString('en-US')}`;
}
