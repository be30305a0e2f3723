// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
/* The project's version: the one source of every tool's --version, the spec's title and the
 * newest CHANGELOG.md entry (make lint checks that the three agree). */
#ifndef TNAM_VERSION_H
#define TNAM_VERSION_H

#define TNAM_VERSION "0.7.0"

#endif /* TNAM_VERSION_H */
