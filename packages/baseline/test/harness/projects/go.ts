/**
 * A small real Go module (made with `go mod init`) of two packages with testing.B benchmarks,
 * so its run, `go test -bench=. ./...`, prints one `pkg:` block per package as real projects do.
 */
import { exec } from "../tools.ts";
import { checkSlow, type HarnessProject, type ProjectOptions, SLOW_SHARE_PERCENT, writeFiles } from "./project.ts";

export const GO_BENCHMARKS = ["BenchmarkChecksum", "BenchmarkWordCount", "BenchmarkDedup"] as const;

/** The regression line for `benchmark` when it is the slow one, else nothing. */
function regression(slow: string | undefined, benchmark: string, line: string): string {
  return slow === benchmark ? `\t${line} // the regression: a second pass over part of the input\n` : "";
}

function textstat(slow: string | undefined): string {
  const part = (v: string) => `${v}[:len(${v})*${SLOW_SHARE_PERCENT}/100]`;
  return `// Package textstat holds the functions under test.
package textstat

func checksumPass(data []byte, total uint32) uint32 {
\tfor _, b := range data {
\t\ttotal = total*31 + uint32(b)
\t}
\treturn total
}

func countPass(words []string, counts map[string]int) map[string]int {
\tfor _, w := range words {
\t\tcounts[w]++
\t}
\treturn counts
}

// Checksum hashes data.
func Checksum(data []byte) uint32 {
\ttotal := checksumPass(data, 0)
${regression(slow, "BenchmarkChecksum", `total = checksumPass(${part("data")}, total)`)}\treturn total
}

// WordCount counts each word.
func WordCount(words []string) map[string]int {
\tcounts := countPass(words, map[string]int{})
${regression(slow, "BenchmarkWordCount", `counts = countPass(${part("words")}, counts)`)}\treturn counts
}
`;
}

const TEXTSTAT_TEST = `package textstat

import (
\t"fmt"
\t"testing"
)

var data = make([]byte, 1<<16)
var words = make([]string, 20000)
var sink interface{}

func init() {
\tfor i := range data {
\t\tdata[i] = byte(i * 7)
\t}
\tfor i := range words {
\t\twords[i] = fmt.Sprintf("w%d", i%900)
\t}
}

func BenchmarkChecksum(b *testing.B) {
\tfor i := 0; i < b.N; i++ {
\t\tsink = Checksum(data)
\t}
}

func BenchmarkWordCount(b *testing.B) {
\tfor i := 0; i < b.N; i++ {
\t\tsink = WordCount(words)
\t}
}

func TestWordCount(t *testing.T) {
\tif got := WordCount([]string{"a", "b", "a"})["a"]; got != 2 {
\t\tt.Fatalf("a counted %d times", got)
\t}
}
`;

function dedup(slow: string | undefined): string {
  return `// Package dedup removes repeated words.
package dedup

func pass(words []string, seen map[string]int, out []string) []string {
\tfor _, w := range words {
\t\tif _, ok := seen[w]; !ok {
\t\t\tseen[w] = len(out)
\t\t\tout = append(out, w)
\t\t}
\t}
\treturn out
}

// Dedup returns words without repeats, in first-seen order.
func Dedup(words []string) []string {
\tseen := map[string]int{}
\tout := pass(words, seen, nil)
${regression(slow, "BenchmarkDedup", `out = pass(words[:len(words)*${SLOW_SHARE_PERCENT}/100], seen, out)`)}\treturn out
}
`;
}

const DEDUP_TEST = `package dedup

import (
\t"fmt"
\t"testing"
)

var words = make([]string, 20000)
var sink []string

func init() {
\tfor i := range words {
\t\twords[i] = fmt.Sprintf("w%d", i%900)
\t}
}

func BenchmarkDedup(b *testing.B) {
\tfor i := 0; i < b.N; i++ {
\t\tsink = Dedup(words)
\t}
}
`;

/** Write the module into `dir` (which must exist and be empty) with `go mod init`. */
export async function makeGoProject(dir: string, opts: ProjectOptions = {}): Promise<HarnessProject> {
  checkSlow(opts.slow, GO_BENCHMARKS);
  const init = await exec("go", ["mod", "init", "example.com/textstat"], { cwd: dir });
  if (init.code !== 0) throw new Error(`go mod init failed in ${dir}:\n${init.stderr}`);
  await writeFiles(dir, {
    "textstat.go": textstat(opts.slow),
    "textstat_test.go": TEXTSTAT_TEST,
    "dedup/dedup.go": dedup(opts.slow),
    "dedup/dedup_test.go": DEDUP_TEST,
  });
  return { run: "go test -bench=. ./...", benchmarks: [...GO_BENCHMARKS] };
}
