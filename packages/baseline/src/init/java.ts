import type { Found, HarnessEntry, Need } from "./proposal.ts";
import { dirOf, nameOf, nothingFound, shown } from "./proposal.ts";
import type { Scan } from "./scan.ts";
import { commandOf } from "./shell-words.ts";

/** `${prop}` in a pom resolved from its <properties> (one level), or undefined when it cannot be. */
function resolve(pom: string, value: string): string | undefined {
  const out = value.replace(/\$\{([\w.-]+)\}/g, (_, key: string) => {
    const m = new RegExp(`<${key.replace(/\./g, "\\.")}>\\s*([^<$]+?)\\s*</`).exec(pom);
    return m ? m[1]! : "\u0000";
  });
  return out.includes("\u0000") ? undefined : out;
}

/** The Java release a pom compiles for (11, 17, 21, ...), when it says. */
function javaRelease(pom: string): number | undefined {
  const raw = /<(maven\.compiler\.release|java\.version|maven\.compiler\.target)>\s*(?:1\.)?(\d+)\s*</.exec(pom)?.[2];
  const n = raw ? Number(raw) : undefined;
  return n !== undefined && n >= 11 && n <= 99 ? n : undefined;
}

/**
 * JMH with Maven: each module depending on jmh-core builds an uber-jar (the JMH archetype's
 * maven-shade-plugin, `target/benchmarks.jar`) that is run with `java -jar`. Gradle's JMH plugin
 * builds `build/libs/*-jmh.jar` with `jmhJar`.
 */
export async function detectJava(scan: Scan): Promise<Found> {
  const found = nothingFound();
  const poms = scan.files.filter((f) => /(^|\/)pom\.xml$/.test(f));
  const modules: { dir: string; pom: string }[] = [];
  for (const f of poms) {
    const pom = await scan.read(f);
    if (/<artifactId>\s*jmh-core\s*<\/artifactId>/.test(pom)) modules.push({ dir: dirOf(f), pom });
  }
  let release: number | undefined;
  for (const { dir, pom } of modules) {
    release ??= javaRelease(pom);
    const finalName = /maven-shade-plugin[\s\S]*?<finalName>\s*([^<]+?)\s*<\/finalName>/.exec(pom)?.[1];
    const jar = finalName ? resolve(pom, finalName) : undefined;
    if (!/maven-shade-plugin/.test(pom))
      found.notes.push(
        `${shown(dir || ".")}/pom.xml uses JMH without maven-shade-plugin: init could not tell how its benchmarks jar is built (the JMH archetype shades one into target/benchmarks.jar)`,
      );
    else if (!jar)
      found.notes.push(
        `init could not tell the name of the jar ${shown(dir || ".")}/pom.xml builds: it assumed target/benchmarks.jar`,
      );
    const path = [dir, "target", `${jar ?? "benchmarks"}.jar`].filter(Boolean).join("/");
    // From the root: the reactor builds the modules the benchmarks depend on too.
    const build =
      scan.files.includes("pom.xml") && dir !== "" ? ["-pl", dir, "-am"] : dir !== "" ? ["-f", `${dir}/pom.xml`] : [];
    const entry: HarnessEntry = {
      harness: "jmh",
      run: commandOf(["java", "-jar", path]),
      setup: commandOf(["mvn", "-B", "-q", "-DskipTests", ...build, "package"]),
      ...(modules.length > 1 ? { name: nameOf(dir || "root") } : {}),
    };
    found.proposals.push({ benchmark: entry, found: `JMH benchmarks (jmh-core in ${shown(dir || ".")}/pom.xml)` });
  }
  for (const f of scan.files.filter((f) => /(^|\/)build\.gradle(\.kts)?$/.test(f))) {
    if (!/me\.champeau\.jmh/.test(await scan.read(f))) continue;
    const dir = dirOf(f);
    const gradlew = scan.files.includes("gradlew") ? "./gradlew" : "gradle";
    const task = dir ? `:${dir.replace(/\//g, ":")}:jmhJar` : "jmhJar";
    found.proposals.push({
      benchmark: {
        harness: "jmh",
        run: `java -jar ${commandOf([[dir, "build/libs"].filter(Boolean).join("/")])}/*-jmh.jar`,
        setup: commandOf([gradlew, "--no-daemon", "-q", task]),
      },
      found: `JMH benchmarks (the Gradle JMH plugin in ${shown(f)})`,
      check: "the jar is found by the pattern build/libs/*-jmh.jar: keep exactly one there",
    });
  }
  if (found.proposals.length > 0) {
    found.needs.push(`java-${release ?? 17}` as Need);
    if (release === undefined)
      found.notes.push(
        "init could not tell your Java version: the workflow sets up Java 17 (change java-version if you need another)",
      );
  }
  return found;
}
