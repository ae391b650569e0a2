/**
 * A small real JMH project: a minimal Maven pom (jmh-core, the jmh-generator-annprocess annotation
 * processor, the shade plugin for target/benchmarks.jar, as JMH's own archetype does), the code
 * under test in Lib.java and one benchmark per function in LibBench.java.
 *
 *   await makeJmhProject(dir, { slow: "perfgate.demo.LibBench.collatz" });
 *   // config entry: { "harness": "jmh", "run": JMH_RUN }, setup: JMH_BUILD
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { ensureJdkAndMaven, mustRun } from "../tools-b.ts";
import { BASE_PASSES, SLOW_PASSES } from "./node-code.ts";

export const JMH_VERSION = "1.37";
export const JMH_RUN = "java -jar target/benchmarks.jar";
/** How a checkout of the project is built (run in its directory; fills ~/.m2 on first use). */
export const JMH_BUILD = "mvn -B -q package -DskipTests";
/** The benchmarks as perfgate's JMH adapter names them: hash, xorshift, collatz. */
export const JMH_BENCHMARKS = ["hash", "xorshift", "collatz"].map((m) => `perfgate.demo.LibBench.${m}`);

const POM = `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 http://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>perfgate.demo</groupId>
  <artifactId>demo-bench</artifactId>
  <version>1.0</version>
  <properties>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
    <maven.compiler.release>17</maven.compiler.release>
    <jmh.version>${JMH_VERSION}</jmh.version>
  </properties>
  <dependencies>
    <dependency>
      <groupId>org.openjdk.jmh</groupId>
      <artifactId>jmh-core</artifactId>
      <version>\${jmh.version}</version>
    </dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-compiler-plugin</artifactId>
        <version>3.13.0</version>
        <configuration>
          <annotationProcessorPaths>
            <path>
              <groupId>org.openjdk.jmh</groupId>
              <artifactId>jmh-generator-annprocess</artifactId>
              <version>\${jmh.version}</version>
            </path>
          </annotationProcessorPaths>
        </configuration>
      </plugin>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-shade-plugin</artifactId>
        <version>3.6.0</version>
        <executions>
          <execution>
            <phase>package</phase>
            <goals><goal>shade</goal></goals>
            <configuration>
              <finalName>benchmarks</finalName>
              <transformers>
                <transformer implementation="org.apache.maven.plugins.shade.resource.ManifestResourceTransformer">
                  <mainClass>org.openjdk.jmh.Main</mainClass>
                </transformer>
                <transformer implementation="org.apache.maven.plugins.shade.resource.ServicesResourceTransformer"/>
              </transformers>
            </configuration>
          </execution>
        </executions>
      </plugin>
    </plugins>
  </build>
</project>
`;

// Same computations as the Node projects' src/lib.js: serial chains the JIT cannot shorten.
function libSource(slow: number | undefined): string {
  const passes = (i: number) => (i === slow ? SLOW_PASSES : BASE_PASSES);
  return `package perfgate.demo;

/** The code under test: each method repeats a serial computation PASSES times. */
public final class Lib {
  static final int HASH_PASSES = ${passes(0)};
  static final int XORSHIFT_PASSES = ${passes(1)};
  static final int COLLATZ_PASSES = ${passes(2)};
  private static final String[] WORDS = new String[64];
  static {
    for (int i = 0; i < WORDS.length; i++) WORDS[i] = "word-" + (i * 7919);
  }

  public static int hash() {
    int h = 0x811c9dc5;
    for (int p = 0; p < HASH_PASSES; p++)
      for (String w : WORDS)
        for (int i = 0; i < w.length(); i++) h = (h ^ w.charAt(i)) * 16777619;
    return h;
  }

  public static int xorshift() {
    int x = 88172645;
    for (int p = 0; p < XORSHIFT_PASSES; p++)
      for (int i = 0; i < 1000; i++) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
      }
    return x;
  }

  public static long collatz() {
    long steps = 0;
    for (int p = 0; p < COLLATZ_PASSES; p++)
      for (long n = p * 40L + 1; n <= p * 40L + 40; n++)
        for (long m = n; m != 1; steps++) m = (m % 2 == 0) ? m / 2 : 3 * m + 1;
    return steps;
  }
}
`;
}

const BENCH = `package perfgate.demo;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LibBench {
  @Benchmark public int hash() { return Lib.hash(); }
  @Benchmark public int xorshift() { return Lib.xorshift(); }
  @Benchmark public long collatz() { return Lib.collatz(); }
}
`;

/**
 * Write (or rewrite) the project in `dir` and build target/benchmarks.jar with Maven
 * (opts.build false: sources only). `slow` names one of JMH_BENCHMARKS whose method then does
 * 45% more work.
 */
export async function makeJmhProject(dir: string, opts: { slow?: string; build?: boolean } = {}): Promise<void> {
  const slow = opts.slow === undefined ? undefined : JMH_BENCHMARKS.indexOf(opts.slow);
  if (slow === -1)
    throw new Error(`no benchmark named ${JSON.stringify(opts.slow)}; the project has ${JMH_BENCHMARKS}`);
  const src = path.join(dir, "src", "main", "java", "perfgate", "demo");
  await fs.mkdir(src, { recursive: true });
  await fs.writeFile(path.join(dir, "pom.xml"), POM);
  await fs.writeFile(path.join(src, "Lib.java"), libSource(slow));
  await fs.writeFile(path.join(src, "LibBench.java"), BENCH);
  await fs.writeFile(path.join(dir, ".gitignore"), "target/\n");
  if (opts.build === false) return;
  await ensureJdkAndMaven();
  await mustRun("building the JMH project with Maven", "/bin/sh", ["-c", JMH_BUILD], { cwd: dir, timeoutMs: 600_000 });
}
