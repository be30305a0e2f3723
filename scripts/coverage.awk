# SPDX-FileCopyrightText: 2026 The TNAM developers
# SPDX-License-Identifier: Apache-2.0
# make coverage's report (scripts/coverage.sh runs it): applies the waivers to the merged
# Verilator coverage, prints the per-module summary, lists the holes, checks the floor.
# usage: awk -v set=SET -v strict=0|1 -v kept=KEPT.dat -v holes=HOLES.txt -v newfloor=FILE
#            -f coverage.awk WAIVERS FLOOR MERGED.dat
#   strict=1: a waiver that matches no point is an error (the whole set; a slice lacks points).
#   Exit 0, 1 below the floor, 2 a malformed waiver or floor line (FILE:LINE: message).
#
# A point of the merged file is one line: C '<keys>' COUNT, the keys separated by \001 and each
# key from its value by \002: f (file), l (line), page (v_line|v_branch|v_toggle/MODULE), o (the
# kind of a line or branch point - block, case, elsif, if, else - or a toggled signal's bit).
# Metrics: line = v_line points, branch = v_branch points (both sides of every if), toggle =
# v_toggle points, port = the toggle points declared on an input or output line.

function fail(file, line, msg) {
  printf "%s:%d: %s\n", file, line, msg > "/dev/stderr"
  bad = 1
  exit 2
}
function glob_re(g,   r) {
  r = g
  gsub(/[.()+?^$|\\]/, "\\\\&", r)  # [..] stays a class
  gsub(/\*/, ".*", r)
  return "^" r "$"
}
# The text of line n of file f (files read once, on demand).
function src(f, n,   line, i) {
  if (!(f in loaded)) {
    loaded[f] = 1
    i = 0
    while ((getline line < f) > 0) text[f, ++i] = line
    nlines[f] = i
    close(f)
  }
  return text[f, n]
}
function pct(c, t) { return t ? sprintf("%5.1f%%", 100 * c / t) : "     -" }
function cell(c, t) { return t ? sprintf("%11s %s", c "/" t, pct(c, t)) : sprintf("%11s %6s", "-", "") }
# Bit lists of one signal's holes, as ranges: 3,5:9
function ranges(list,   n, a, i, j, t, out, lo, hi) {
  n = split(list, a, ",")
  for (i = 2; i <= n; i++)  # insertion sort, numeric: the points come in name order
    for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
  out = ""
  for (i = 1; i <= n; i++) {
    lo = a[i] + 0
    hi = lo
    while (i < n && a[i + 1] + 0 == hi + 1) { i++; hi++ }
    out = out (out == "" ? "" : ",") (lo == hi ? lo : lo ":" hi)
  }
  return out
}

BEGIN { nw = 0; metrics = "line branch toggle port"; nm = split(metrics, mname, " ") }

# ---- waivers: METRIC MODULE POINT REASON ---------------------------------------------------
FILENAME == ARGV[1] {
  if ($0 ~ /^[ \t]*(#|$)/) next
  nw++
  wfile[nw] = FILENAME; wline[nw] = FNR; wmetric[nw] = $1; wmod[nw] = $2; wcount[nw] = 0
  rest = $0
  sub(/^[ \t]*[^ \t]+[ \t]+[^ \t]+[ \t]+/, "", rest)
  if ($1 == "toggle") {
    # SIGNAL or SIGNAL[RANGES], RANGES a list of bits and LO:HI ranges; * matches any text
    if (!match(rest, /^[^ \t]+/)) fail(FILENAME, FNR, "a toggle waiver needs a signal")
    spec = substr(rest, 1, RLENGTH)
    reason = substr(rest, RLENGTH + 1)
    wbits[nw] = ""
    if (match(spec, /\[[0-9:,]+\]$/)) {
      wbits[nw] = substr(spec, RSTART + 1, RLENGTH - 2)
      spec = substr(spec, 1, RSTART - 1)
    }
    wsig[nw] = glob_re(spec)
  } else if ($1 == "line" || $1 == "branch") {
    # KIND "TEXT": the point of that kind on the one line of rtl/MODULE.v that holds TEXT
    if (!match(rest, /^[a-z]+[ \t]+"[^"]+"/))
      fail(FILENAME, FNR, "a " $1 " waiver reads: " $1 " MODULE KIND \"TEXT ON THE LINE\" REASON")
    split(rest, kw, /[ \t]+/)
    wkind[nw] = kw[1]
    anchor = substr(rest, RSTART, RLENGTH)
    sub(/^[a-z]+[ \t]+"/, "", anchor)
    sub(/"$/, "", anchor)
    reason = substr(rest, RLENGTH + 1)
    f = "rtl/" $2 ".v"
    src(f, 1)
    if (!nlines[f]) fail(FILENAME, FNR, "no file " f " for module " $2)
    found = 0
    for (i = 1; i <= nlines[f]; i++) if (index(text[f, i], anchor)) { found++; wl[nw] = i }
    if (found != 1)
      fail(FILENAME, FNR, "\"" anchor "\" is on " found " lines of " f " (it must be on one)")
  } else {
    fail(FILENAME, FNR, "unknown metric '" $1 "' (line, branch or toggle)")
  }
  if (reason !~ /[A-Za-z]/) fail(FILENAME, FNR, "a waiver needs its reason")
  next
}

# ---- floor: SET MODULE LINE BRANCH TOGGLE PORT (percent, or - where there is nothing) -----
FILENAME == ARGV[2] {
  if ($0 ~ /^[ \t]*(#|$)/) next
  if (NF != 6) fail(FILENAME, FNR, "a floor line reads: SET MODULE LINE% BRANCH% TOGGLE% PORT%")
  for (i = 3; i <= 6; i++)
    if ($i !~ /^(-|[0-9]+(\.[0-9]+)?)$/ || $i + 0 > 100)
      fail(FILENAME, FNR, "'" $i "' is not a percentage (0 to 100) or -")
  if ($1 != set) next
  if (($2) in floor_line) fail(FILENAME, FNR, "a second floor for " $2 " in set " set)
  floor_line[$2] = FNR
  for (i = 3; i <= 6; i++) floor[$2, mname[i - 2]] = $i
  next
}

# ---- the merged points ----------------------------------------------------------------------
FNR == 1 { next }  # "# SystemC::Coverage-3"
{
  line = $0
  count = line
  sub(/.*' /, "", count)
  keys = line
  sub(/^C '/, "", keys)
  sub(/' [0-9]+$/, "", keys)
  n = split(keys, kv, "\001")
  delete k
  for (i = 1; i <= n; i++) if (split(kv[i], p, "\002") == 2) k[p[1]] = p[2]
  page = k["page"]
  metric = substr(page, 3, index(page, "/") - 3)
  module = substr(page, index(page, "/") + 1)
  if (!(module in seen)) { seen[module] = 1; mods[++nmods] = module }
  name = k["o"]
  base = name
  bit = -1
  if (metric == "toggle" && match(name, /\[[0-9]+\]$/)) {
    base = substr(name, 1, RSTART - 1)
    bit = substr(name, RSTART + 1, RLENGTH - 2) + 0
  }
  is_port = metric == "toggle" && src(k["f"], k["l"]) ~ /^[ \t]*(input|output|inout)[ \t]/
  waived = 0
  for (w = 1; w <= nw && !waived; w++) {
    if (wmetric[w] != metric || wmod[w] != module) continue
    if (metric == "toggle") {
      if (base !~ wsig[w]) continue
      if (wbits[w] != "") {
        inr = 0
        nr = split(wbits[w], rr, ",")
        for (j = 1; j <= nr && !inr; j++) {
          if (split(rr[j], lh, ":") == 2) inr = bit >= lh[1] + 0 && bit <= lh[2] + 0
          else inr = bit == rr[j] + 0
        }
        if (!inr) continue
      }
    } else if (k["l"] + 0 != wl[w] || name != wkind[w]) {
      continue
    }
    waived = w
  }
  if (waived) {
    wcount[waived]++
    if (count + 0 > 0) whit[waived]++
    nwaived++
    next
  }
  print line > kept
  tot[module, metric]++
  tot["total", metric]++
  if (count + 0 > 0) { cov[module, metric]++; cov["total", metric]++ }
  if (is_port) {
    tot[module, "port"]++
    tot["total", "port"]++
    if (count + 0 > 0) { cov[module, "port"]++; cov["total", "port"]++ }
  }
  if (count + 0 == 0) {
    nholes++
    if (metric == "toggle") {
      hk = module SUBSEP k["f"] ":" k["l"] " toggle" (is_port ? " (port) " : " ") base
      if (!(hk in hbits)) hord[++nh] = hk
      hbits[hk] = hbits[hk] (hbits[hk] == "" ? "" : ",") (bit < 0 ? "" : bit)
    } else {
      hk = module SUBSEP k["f"] ":" k["l"] " " metric " " name
      if (!(hk in hbits)) { hord[++nh] = hk; hbits[hk] = "" }
    }
  }
}

END {
  if (bad) exit 2
  for (w = 1; w <= nw; w++) {
    if (strict && wcount[w] == 0) fail(wfile[w], wline[w], "this waiver matches no point (stale)")
  }
  # modules in name order
  for (i = 1; i <= nmods; i++)
    for (j = i + 1; j <= nmods; j++)
      if (mods[j] < mods[i]) { t = mods[i]; mods[i] = mods[j]; mods[j] = t }
  mods[nmods + 1] = "total"
  printf "%-15s %18s %18s %18s %18s\n", "module", "lines", "branches", "toggles", "port toggles"
  below = 0
  for (i = 1; i <= nmods + 1; i++) {
    m = mods[i]
    if (m == "total") print "-------------------------------------------------------------------------------------"
    printf "%-15s", m
    for (j = 1; j <= nm; j++) printf " %18s", cell(cov[m, mname[j]] + 0, tot[m, mname[j]] + 0)
    printf "\n"
    fl = sprintf("%-6s %-16s", set, m)
    for (j = 1; j <= nm; j++) {
      me = mname[j]
      have = tot[m, me] ? sprintf("%.1f", int(1000 * cov[m, me] / tot[m, me]) / 10) : "-"
      fl = fl sprintf(" %7s", have)
      if (!((m) in floor_line)) continue
      want = floor[m, me]
      if (want == "-") {
        if (have != "-") { below++; msgs = msgs sprintf("  %s %s: %s%% measured where the floor says none\n", m, me, have) }
      } else if (have == "-" || 100 * cov[m, me] / tot[m, me] + 1e-9 < want + 0) {
        below++
        msgs = msgs sprintf("  %s %s: %s%% below the floor of %s%%\n", m, me, have, want)
      }
    }
    if (!((m) in floor_line)) { below++; msgs = msgs sprintf("  %s: no floor in set %s\n", m, set) }
    print fl > newfloor
  }
  for (m in floor_line)
    if (!((m) in seen) && m != "total") { below++; msgs = msgs sprintf("  %s: a floor, but no such module measured\n", m) }
  nwv = 0
  for (w = 1; w <= nw; w++) if (wcount[w]) nwv++
  hitp = 0
  for (w = 1; w <= nw; w++) {
    hitp += whit[w]
    # a line or branch waiver says the point cannot be reached: a hit proves its reason wrong
    if (strict && whit[w] && wmetric[w] != "toggle")
      fail(wfile[w], wline[w], "this waiver's point was hit " whit[w] " time(s): its reason is wrong")
  }
  printf "waived: %d points by %d of %d waivers (%d of them hit anyway)\n", nwaived, nwv, nw, hitp
  printf "holes: %d points outside the waivers never hit (%d lines in %s)\n", nholes, nh, holes
  for (i = 1; i <= nh; i++) {
    split(hord[i], hp, SUBSEP)
    printf "%-16s %s%s\n", hp[1], hp[2], (hbits[hord[i]] == "" ? "" : "[" ranges(hbits[hord[i]]) "]") > holes
  }
  if (update) {
    printf "floor: not checked (rewritten from these figures)\n"
    exit 0
  }
  if (below) {
    printf "FAIL: below the committed floor (%s, set %s):\n%s", ARGV[2], set, msgs
    exit 1
  }
  printf "floor: every module at or above %s (set %s)\n", ARGV[2], set
}
