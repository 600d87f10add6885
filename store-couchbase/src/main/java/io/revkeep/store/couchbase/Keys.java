package io.revkeep.store.couchbase;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The document keys of one revkeep namespace in a collection. Couchbase keys are at most 250
 * bytes, so a key built from a path (or another user-chosen name) that would be longer is keyed
 * by the SHA-256 of the name instead; every such document also stores the full name, and readers
 * compare it.
 *
 * <pre>
 *   seq                       counter: the last event seq handed out
 *   seqmark                   {w}: a seq up to which every event doc is known to exist (a hint)
 *   ids                       counter: the last file id handed out
 *   users                     {users: {name: {hash, role}}}: every user, one CAS'd document
 *   ws=HASH                   {user, csrf, created, seen}: a web session, by its id's SHA-256
 *   wu=USER                   {user, s: [HASH…]}: where USER's web sessions are
 *   wsusers                   {u: [USER…]}: every user who ever had a web session (the sweep)
 *   f:ID                      the file document: {id, cur: file record, pend: an operation in flight}
 *   v:ID:N                    version N of file ID
 *   e:SEQ                     the event with that seq, or {hole: true}
 *   pn:ID                     {pins: {N: {label, time}}}
 *   p=PATH | p#DIGEST         {path, id}: which file (probably) is at PATH; the file doc decides
 *   l=PATH                    {path, owner, expiry}: an advisory lock
 *   i:HASH=PATH               a write intent for PATH and content HASH ("-" for a deletion)
 *   d=DIR                     {dir}: DIR is registered in its parent's member log
 *   m=DIR|n, m=DIR|K          member log of DIR: {n: name, f: id} or {n: name, d: true}
 *   t=DIR|n, t=DIR|K          timeline of DIR: one entry per version recorded there
 *   h=HASH|n, h=HASH|K        hash log: ids of files that had content HASH
 *   c=ID|n, c=ID|K            change-set log: {f, v} of each version made under change set ID
 *   g=DIR                     folder sums of DIR, with its recent sums by seq (FolderSumDocs)
 *   gl=DIR|K                  page K of DIR's older sums by seq
 *   gmark                     {w}: every event up to seq w is applied to every folder's sums
 * </pre>
 *
 * <p>A namespace (a key prefix, empty in production) lets tests share one bucket.
 */
final class Keys {
  /** Couchbase's limit on a document key, in UTF-8 bytes. */
  static final int MAX_KEY_BYTES = 250;
  /** Room an append log keeps for its "|n" / "|page" suffix. */
  static final int LOG_SUFFIX_BYTES = 12;

  private final String ns;

  Keys(String namespace) {
    if (utf8(namespace) > 100) {
      throw new IllegalArgumentException("namespace too long: " + namespace);
    }
    this.ns = namespace;
  }

  String seqCounter() {
    return ns + "seq";
  }

  String seqMark() {
    return ns + "seqmark";
  }

  String idCounter() {
    return ns + "ids";
  }

  String users() {
    return ns + "users";
  }

  String webSession(String idHash) {
    return named("ws", idHash, 0);
  }

  String sessionUsers() {
    return ns + "wsusers";
  }

  String userSessions(String user) {
    return named("wu", user, 0);
  }

  String file(long id) {
    return ns + "f:" + id;
  }

  String version(long id, int version) {
    return ns + "v:" + id + ":" + version;
  }

  String event(long seq) {
    return ns + "e:" + seq;
  }

  String pins(long id) {
    return ns + "pn:" + id;
  }

  String pointer(String path) {
    return named("p", path, 0);
  }

  String lock(String path) {
    return named("l", path, 0);
  }

  String intent(String path, String hash) {
    return named("i:" + (hash == null ? "-" : hash), path, 0);
  }

  String dirMark(String dir) {
    return named("d", dir, 0);
  }

  String members(String dir) {
    return named("m", dir, LOG_SUFFIX_BYTES);
  }

  String timeline(String dir) {
    return named("t", dir, LOG_SUFFIX_BYTES);
  }

  String hashLog(String hash) {
    return named("h", hash, LOG_SUFFIX_BYTES);
  }

  String changeSetLog(String id) {
    return named("c", id, LOG_SUFFIX_BYTES);
  }

  String folderSums(String dir) {
    return named("g", dir, 0);
  }

  String folderSumsLog(String dir) {
    return named("gl", dir, LOG_SUFFIX_BYTES);
  }

  String sumsMark() {
    return ns + "gmark";
  }

  /** {@code kind=name}, or {@code kind#sha256(name)} when that would not fit. */
  private String named(String kind, String name, int reserve) {
    String literal = ns + kind + "=" + name;
    if (utf8(literal) + reserve <= MAX_KEY_BYTES) {
      return literal;
    }
    return ns + kind + "#" + sha256(name);
  }

  static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
