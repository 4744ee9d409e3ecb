/** Peak memory: the kernel's high-water mark for this process, plus RSS sampled at each phase boundary. */
export class MemoryWatch {
  private sampled = 0

  sample(): void {
    this.sampled = Math.max(this.sampled, process.memoryUsage().rss)
  }

  report(): string {
    this.sample()
    const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`
    return `peak RSS ${mib(process.resourceUsage().maxRSS * 1024)} (sampled ${mib(this.sampled)})`
  }
}

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}

export function formatScores(s: { precision: number; recall: number; f1: number }): string {
  return `precision ${s.precision.toFixed(4)}  recall ${s.recall.toFixed(4)}  F1 ${s.f1.toFixed(4)}`
}
