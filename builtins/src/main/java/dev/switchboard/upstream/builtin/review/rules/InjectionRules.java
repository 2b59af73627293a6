package dev.switchboard.upstream.builtin.review.rules;

import static dev.switchboard.upstream.builtin.review.RuleBuilder.rule;

import dev.switchboard.upstream.builtin.review.Language;
import dev.switchboard.upstream.builtin.review.Rule;
import dev.switchboard.upstream.builtin.review.RuleSet;
import dev.switchboard.upstream.builtin.review.Scope;
import dev.switchboard.upstream.builtin.review.Severity;
import java.util.List;

/**
 * Injection: values reaching an interpreter as code. SQL built by concatenation or formatting, shell command lines
 * with interpolated input, eval and friends, and deserializers that can create arbitrary objects. Stateless.
 */
public final class InjectionRules {
  static final String SET = "injection";
  private static final String DESCRIPTION = "Untrusted values reaching an interpreter: SQL built by concatenation "
      + "or formatting, shell commands with interpolated input, eval, and unsafe deserialization";

  private InjectionRules() {}

  public static RuleSet set() {
    return new RuleSet(SET, DESCRIPTION, "built-in", List.of(sqlConcatenation(), sqlFormatting(), shellPython(),
        shellJavascript(), shellJava(), shellGo(), evalJavascript(), evalPython(), javaDeserialization(),
        pythonDeserialization(), unsafeUnserialize()));
  }

  private static Rule sqlConcatenation() {
    return rule("injection/sql-concatenation").severity(Severity.HIGH)
        .languages(Language.JAVA, Language.KOTLIN, Language.JAVASCRIPT, Language.TYPESCRIPT, Language.PYTHON,
            Language.GO, Language.CSHARP, Language.PHP, Language.RUBY, Language.SCALA)
        .regex("(?:SELECT\\s.*?\\sFROM\\s|INSERT\\s+INTO\\s|UPDATE\\s+\\S+\\s+SET\\s|DELETE\\s+FROM\\s|\\sWHERE\\s|("
            + "?i:select\\s.+?\\sfrom\\s+\\w+\\s+where\\s))[^;\\n]*?[\"'`]\\s*(?:\\+|\\.\\s*\\$)\\s*[\\w$(]")
        .message("SQL is built by concatenating values into the query text (SQL injection).")
        .fix("Use a parameterized query (PreparedStatement with ?, cursor.execute(sql, params), $1 placeholders) and"
            + " pass values separately.")
        .bad("UserDao.java", "String q = \"SELECT * FROM users WHERE name = '\" + name + \"'\";\nResultSet rs = stmt"
            + ".executeQuery(q);")
        .bad("repo.py", "cur.execute(\"DELETE FROM sessions WHERE user_id = \" + user_id)")
        .bad("repo.php", "$rows = $db->query(\"SELECT * FROM orders WHERE id = \" . $_GET['id']);")
        .good("UserDao.java", "PreparedStatement ps = conn.prepareStatement(\"SELECT * FROM users WHERE name = ?\");"
            + "\nps.setString(1, name);")
        .good("Menu.java", "log.info(\"Select a file from the list: \" + name);")
        .build(SET);
  }

  private static Rule sqlFormatting() {
    return rule("injection/sql-formatting").severity(Severity.HIGH)
        .languages(Language.JAVA, Language.KOTLIN, Language.JAVASCRIPT, Language.TYPESCRIPT, Language.PYTHON,
            Language.GO, Language.CSHARP, Language.PHP, Language.RUBY, Language.SCALA)
        .regex("\\b(?:execute|executemany|executescript|raw|text|query)\\s*\\(\\s*f[\"'][^\"'\\n]*\\{|\\b(?:execute|"
            + "executemany|executescript|raw)\\s*\\(\\s*[\"'][^\"'\\n]*[\"']\\s*(?:%\\s*[\\w(]|\\.format\\s*\\()|\\b("
            + "?:query|execute|raw|prepare|\\$queryRawUnsafe|\\$executeRawUnsafe)\\s*\\(\\s*`[^`]*\\$\\{|\\b(?:execut"
            + "eQuery|executeUpdate|executeLargeUpdate|execute|prepareStatement|createQuery|createNativeQuery|addBatc"
            + "h)\\s*\\(\\s*String\\.format\\s*\\(|\\b(?:Query|QueryRow|QueryContext|QueryRowContext|Exec|ExecContext"
            + "|Prepare|PrepareContext|Raw|Select|Get)\\s*\\(\\s*(?:ctx\\s*,\\s*)?fmt\\.Sprintf\\s*\\(")
        .message("SQL is built by formatting values into the query text (SQL injection).")
        .fix("Pass values as query parameters instead of formatting them into the SQL string.")
        .bad("repo.py", "cursor.execute(f\"SELECT * FROM users WHERE id = {user_id}\")")
        .bad("repo.py", "cursor.execute(\"SELECT * FROM users WHERE name = '%s'\" % name)")
        .bad("repo.ts", "const rows = await db.query(`SELECT * FROM users WHERE id = ${req.params.id}`);")
        .bad("repo.go", "rows, err := db.Query(fmt.Sprintf(\"SELECT * FROM users WHERE id = %s\", id))")
        .bad("Repo.java", "ResultSet rs = stmt.executeQuery(String.format(\"SELECT * FROM t WHERE id = %s\", id));")
        .good("repo.py", "cursor.execute(\"SELECT * FROM users WHERE id = %s\", (user_id,))")
        .good("repo.ts", "const rows = await db.query('SELECT * FROM users WHERE id = $1', [req.params.id]);")
        .good("repo.go", "rows, err := db.Query(\"SELECT * FROM users WHERE id = $1\", id)")
        .build(SET);
  }

  private static Rule shellPython() {
    return rule("injection/shell-python").severity(Severity.HIGH)
        .languages(Language.PYTHON)
        .regex("\\bos\\.(?:system|popen)\\s*\\(\\s*(?:f[\"']|[\"'][^\"'\\n]*[\"']\\s*(?:\\+|%|\\.format)|[\\w.]+\\s*"
            + "\\+)|\\bsubprocess\\.(?:run|call|check_call|check_output|Popen)\\s*\\(\\s*(?:f[\"']|[\"'][^\"'\\n]*[\""
            + "']\\s*(?:\\+|%|\\.format)|[\\w.]+\\s*\\+)[^)]*?shell\\s*=\\s*True|\\bsubprocess\\.(?:getoutput|getstat"
            + "usoutput)\\s*\\(\\s*(?:f[\"']|[\"'][^\"'\\n]*[\"']\\s*(?:\\+|%|\\.format)|[\\w.]+\\s*\\+)")
        .message("A shell command line is built from interpolated values (command injection).")
        .fix("Run the program directly with an argument list: subprocess.run([\"tar\", \"-xf\", path], check=True), "
            + "without shell=True.")
        .bad("tasks.py", "os.system(f\"convert {filename} out.png\")")
        .bad("tasks.py", "subprocess.run(\"tar -xf \" + archive, shell=True)")
        .good("tasks.py", "subprocess.run([\"tar\", \"-xf\", archive], check=True)")
        .good("tasks.py", "os.system(\"make clean\")")
        .build(SET);
  }

  private static Rule shellJavascript() {
    return rule("injection/shell-javascript").severity(Severity.HIGH)
        .languages(Language.JAVASCRIPT, Language.TYPESCRIPT)
        .regex("(?<![\\w$])(?:exec|execSync)\\s*\\(\\s*(?:`[^`]*\\$\\{|[\"'][^\"'\\n]*[\"']\\s*\\+|[\\w.]+\\s*\\+)")
        .message("A shell command line is built from interpolated values (command injection).")
        .fix("Use execFile or spawn with an argument array, which do not start a shell.")
        .bad("deploy.js", "exec(`git clone ${repoUrl} /tmp/build`, done);")
        .bad("deploy.ts", "child_process.execSync(\"rm -rf \" + dir);")
        .good("deploy.js", "execFile(\"git\", [\"clone\", repoUrl, \"/tmp/build\"], done);")
        .good("deploy.js", "exec(\"git status\", done);")
        .build(SET);
  }

  private static Rule shellJava() {
    return rule("injection/shell-java").severity(Severity.HIGH)
        .languages(Language.JAVA, Language.KOTLIN, Language.SCALA)
        .regex("\\.exec\\s*\\(\\s*(?:\"[^\"\\n]*\"\\s*\\+|[\\w.]+\\s*\\+|String\\.format)|new\\s+ProcessBuilder\\s*"
            + "\\(\\s*(?:List\\.of\\s*\\(|Arrays\\.asList\\s*\\()?\\s*\"(?:/bin/)?(?:sh|bash|zsh|cmd(?:\\.exe)?)\"\\s"
            + "*,\\s*\"[-/][cC]\"\\s*,\\s*(?:\"[^\"\\n]*\"\\s*\\+|[\\w.]+\\s*\\+|String\\.format)")
        .message("A command line is built from interpolated values and run by a shell or Runtime.exec (command injec"
            + "tion).")
        .fix("Use new ProcessBuilder(\"ping\", \"-c\", \"1\", host) with one argument per element, without \"sh -c\""
            + ".")
        .bad("Net.java", "Process p = Runtime.getRuntime().exec(\"ping -c 1 \" + host);")
        .bad("Net.java", "new ProcessBuilder(\"sh\", \"-c\", \"ls \" + dir).start();")
        .good("Net.java", "Process p = new ProcessBuilder(\"ping\", \"-c\", \"1\", host).start();")
        .build(SET);
  }

  private static Rule shellGo() {
    return rule("injection/shell-go").severity(Severity.HIGH)
        .languages(Language.GO)
        .regex("exec\\.Command(?:Context)?\\s*\\(\\s*(?:ctx\\s*,\\s*)?\"(?:/bin/)?(?:sh|bash|zsh)\"\\s*,\\s*\"-c\"\\"
            + "s*,\\s*(?:fmt\\.Sprintf|\"[^\"\\n]*\"\\s*\\+|[\\w.]+\\s*\\+)")
        .message("A shell command line is built from interpolated values (command injection).")
        .fix("Call exec.Command(\"ls\", dir) with separate arguments instead of \"sh -c\".")
        .bad("run.go", "out, err := exec.Command(\"sh\", \"-c\", \"ls \"+dir).Output()")
        .bad("run.go", "cmd := exec.CommandContext(ctx, \"bash\", \"-c\", fmt.Sprintf(\"tar -xf %s\", archive))")
        .good("run.go", "out, err := exec.Command(\"ls\", dir).Output()")
        .build(SET);
  }

  private static Rule evalJavascript() {
    return rule("injection/eval-javascript").severity(Severity.HIGH)
        .languages(Language.JAVASCRIPT, Language.TYPESCRIPT)
        .regex("(?<![.\\w$])eval\\s*\\(|\\bnew\\s+Function\\s*\\(|\\b(?:setTimeout|setInterval)\\s*\\(\\s*[\"'`]",
            Scope.CODE_WITHOUT_STRINGS, false)
        .message("Code is evaluated from a string (eval, new Function, or a string passed to setTimeout).")
        .fix("Parse data with JSON.parse and call functions directly; never evaluate text that input can reach.")
        .bad("calc.js", "const result = eval(userInput);")
        .bad("timer.js", "setTimeout(\"refresh(\" + id + \")\", 100);")
        .good("calc.js", "const result = JSON.parse(userInput);")
        .good("calc.js", "// never call eval( on input\nconst note = \"eval(x) is dangerous\";")
        .build(SET);
  }

  private static Rule evalPython() {
    return rule("injection/eval-python").severity(Severity.HIGH)
        .languages(Language.PYTHON)
        .regex("(?<![.\\w])(?:eval|exec)\\s*\\(", Scope.CODE_WITHOUT_STRINGS, false)
        .message("Code is evaluated from a string with eval or exec.")
        .fix("Use ast.literal_eval for literals, json.loads for data, or a dispatch table of allowed functions.")
        .bad("calc.py", "result = eval(expression)")
        .good("calc.py", "result = ast.literal_eval(expression)")
        .good("db.py", "cursor.execute(query, params)")
        .build(SET);
  }

  private static Rule javaDeserialization() {
    return rule("injection/java-deserialization").severity(Severity.HIGH)
        .languages(Language.JAVA, Language.KOTLIN, Language.SCALA)
        .regex("\\bnew\\s+ObjectInputStream\\s*\\(|\\bnew\\s+XMLDecoder\\s*\\(|\\.enableDefaultTyping\\s*\\(|\\.acti"
            + "vateDefaultTyping\\s*\\(|\\bnew\\s+Yaml\\s*\\(\\s*\\)\\s*\\.load(?:As)?\\s*\\(")
        .message("Objects are deserialized from a stream whose class list is not restricted (unsafe deserialization)"
            + ".")
        .fix("Exchange data as JSON into fixed types; if Java serialization is unavoidable, set an "
            + "ObjectInputFilter allow-list.")
        .bad("Server.java", "ObjectInputStream in = new ObjectInputStream(socket.getInputStream());\nObject message "
            + "= in.readObject();")
        .bad("Mapper.java", "mapper.enableDefaultTyping();")
        .good("Server.java", "Message message = mapper.readValue(socket.getInputStream(), Message.class);")
        .build(SET);
  }

  private static Rule pythonDeserialization() {
    return rule("injection/python-deserialization").severity(Severity.HIGH)
        .languages(Language.PYTHON)
        .regex("\\b(?:pickle|cPickle|_pickle|dill|marshal)\\.loads?\\s*\\(|\\bshelve\\.open\\s*\\(|\\byaml\\.unsafe_"
            + "load\\s*\\(|\\byaml\\.load\\s*\\((?![^)]*Loader\\s*=\\s*(?:yaml\\.)?C?SafeLoader)")
        .message("Data is deserialized with a loader that can run code (pickle, marshal, yaml.load).")
        .fix("Use json, or yaml.safe_load; never unpickle data from outside the process.")
        .bad("api.py", "data = pickle.loads(request.body)")
        .bad("config.py", "config = yaml.load(stream)")
        .good("config.py", "config = yaml.safe_load(stream)")
        .good("config.py", "config = yaml.load(stream, Loader=yaml.SafeLoader)")
        .build(SET);
  }

  private static Rule unsafeUnserialize() {
    return rule("injection/unsafe-unserialize").severity(Severity.HIGH)
        .languages(Language.JAVASCRIPT, Language.TYPESCRIPT, Language.PHP, Language.RUBY)
        .regex("\\brequire\\s*\\(\\s*[\"']node-serialize[\"']\\s*\\)|\\bfrom\\s+[\"']node-serialize[\"']|\\bunserial"
            + "ize\\s*\\(\\s*\\$_(?:GET|POST|REQUEST|COOKIE)|\\bMarshal\\.load\\s*\\(|\\bYAML\\.load\\s*\\(")
        .message("Data is deserialized with a format that can create arbitrary objects or run code.")
        .fix("Parse JSON into plain data (JSON.parse, json_decode, JSON.parse in Ruby) and validate it.")
        .bad("state.php", "$state = unserialize($_COOKIE['state']);")
        .bad("session.rb", "obj = Marshal.load(Base64.decode64(params[:data]))")
        .bad("session.js", "const serialize = require('node-serialize');")
        .good("session.js", "const state = JSON.parse(body);")
        .good("state.php", "$state = json_decode($_COOKIE['state'], true);")
        .build(SET);
  }
}
