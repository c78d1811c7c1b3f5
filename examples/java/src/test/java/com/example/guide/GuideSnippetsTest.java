package com.example.guide;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps the docs true to this code: every Java block of the README and the guide that is marked
 * {@code <!-- example: FILE -->} must appear in that file, line by line in order (each block line
 * within a line of the file, so a block may leave out a {@code return}; blank lines and {@code ...}
 * left out), so a block cannot drift from code that compiles and runs.
 */
class GuideSnippetsTest {

  private static final Path ROOT = Path.of("..", "..");
  private static final Pattern MARKED =
      Pattern.compile("<!-- example: (\\S+) -->\\s*\\n```java\\n(.*?)\\n```", Pattern.DOTALL);

  @Test
  void everyMarkedJavaBlockIsCopiedFromTheExamples() throws IOException {
    List<String> checked = new ArrayList<>();
    for (String doc : List.of("README.md", "docs/guide.md")) {
      String text = Files.readString(ROOT.resolve(doc));
      Matcher block = MARKED.matcher(text);
      while (block.find()) {
        Path source = ROOT.resolve(block.group(1));
        assertThat(source).as("%s names %s", doc, block.group(1)).exists();
        List<String> code = trimmed(Files.readAllLines(source));
        int at = 0;
        for (String line : trimmed(List.of(block.group(2).split("\n")))) {
          if (line.equals("...")) {
            continue;
          }
          int found = indexOfLineContaining(code.subList(at, code.size()), line);
          assertThat(found)
              .as("%s: the line '%s' of a block marked %s is not in that file (after line %d)",
                  doc, line, block.group(1), at)
              .isNotNegative();
          at += found + 1;
        }
        checked.add(doc + " -> " + block.group(1));
      }
    }
    assertThat(checked).as("marked blocks").hasSizeGreaterThanOrEqualTo(10);
  }

  private static int indexOfLineContaining(List<String> code, String line) {
    for (int i = 0; i < code.size(); i++) {
      if (code.get(i).contains(line)) {
        return i;
      }
    }
    return -1;
  }

  private static List<String> trimmed(List<String> lines) {
    return lines.stream().map(String::strip).filter(line -> !line.isEmpty()).toList();
  }
}
