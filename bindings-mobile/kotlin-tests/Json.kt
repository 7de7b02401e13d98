// A small JSON reader for the shared scenario files (the JDK has none built in).
// Objects become Map<String, Any?> (insertion-ordered), arrays List<Any?>, integers Long.
package projectledger.tests

class JsonReader(private val text: String) {
    private var at = 0

    fun readDocument(): Any? {
        val value = read()
        skipSpace()
        require(at == text.length) { "trailing characters at $at" }
        return value
    }

    private fun skipSpace() {
        while (at < text.length && text[at].isWhitespace()) at++
    }

    private fun read(): Any? {
        skipSpace()
        return when (val c = text[at]) {
            '{' -> readObject()
            '[' -> readArray()
            '"' -> readString()
            't' -> literal("true", true)
            'f' -> literal("false", false)
            'n' -> literal("null", null)
            else -> if (c == '-' || c.isDigit()) readNumber() else error("unexpected '$c' at $at")
        }
    }

    private fun literal(word: String, value: Any?): Any? {
        require(text.startsWith(word, at)) { "bad literal at $at" }
        at += word.length
        return value
    }

    private fun readObject(): Map<String, Any?> {
        val out = LinkedHashMap<String, Any?>()
        at++
        skipSpace()
        if (text[at] == '}') { at++; return out }
        while (true) {
            skipSpace()
            val key = readString()
            skipSpace()
            require(text[at] == ':') { "expected ':' at $at" }
            at++
            out[key] = read()
            skipSpace()
            when (text[at++]) {
                ',' -> continue
                '}' -> return out
                else -> error("expected ',' or '}' at ${at - 1}")
            }
        }
    }

    private fun readArray(): List<Any?> {
        val out = ArrayList<Any?>()
        at++
        skipSpace()
        if (text[at] == ']') { at++; return out }
        while (true) {
            out.add(read())
            skipSpace()
            when (text[at++]) {
                ',' -> continue
                ']' -> return out
                else -> error("expected ',' or ']' at ${at - 1}")
            }
        }
    }

    private fun readString(): String {
        require(text[at] == '"') { "expected a string at $at" }
        at++
        val out = StringBuilder()
        while (true) {
            val c = text[at++]
            when (c) {
                '"' -> return out.toString()
                '\\' -> {
                    when (val e = text[at++]) {
                        'n' -> out.append('\n'); 't' -> out.append('\t'); 'r' -> out.append('\r')
                        'b' -> out.append('\b'); 'f' -> out.append('\u000c')
                        'u' -> { out.append(text.substring(at, at + 4).toInt(16).toChar()); at += 4 }
                        else -> out.append(e)
                    }
                }
                else -> out.append(c)
            }
        }
    }

    private fun readNumber(): Any {
        val start = at
        while (at < text.length && (text[at].isDigit() || text[at] in "+-.eE")) at++
        val token = text.substring(start, at)
        return token.toLongOrNull() ?: token.toDouble()
    }
}

/** Writes a value back as JSON (for handing a notice object to the library). */
fun toJson(value: Any?): String = when (value) {
    null -> "null"
    is String -> "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\""
    is Map<*, *> -> value.entries.joinToString(",", "{", "}") { toJson(it.key as String) + ":" + toJson(it.value) }
    is List<*> -> value.joinToString(",", "[", "]") { toJson(it) }
    else -> value.toString()
}
