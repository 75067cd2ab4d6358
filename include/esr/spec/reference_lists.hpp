#pragma once
// Reference lists kept as data (reference/*.json): ESR staff groups and job roles, trainee grades,
// notification title codes, withdrawal reasons, local office codes, host/lead values.
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace esr::spec {

/// A reference file that cannot be read or makes no sense: a configuration error.
class ReferenceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ReferenceValue {
  std::string code;
  std::string meaning;
};

/// One list: {"name", "source", "closed": true/false, "values": [{"code", "meaning"}]}.
/// A closed list is the whole set of values the interface allows; an open one holds the values
/// expected, and others may still be right.
struct ReferenceList {
  std::string name;
  std::string source;
  bool closed = false;
  std::vector<ReferenceValue> values;

  /// The value with exactly this code, or nullptr.
  [[nodiscard]] const ReferenceValue* find(std::string_view code) const;
};

/// What check() says about a value that is not on its list.
struct ReferenceFinding {
  enum class Severity { warning, error };
  Severity severity = Severity::warning;
  std::string list;     // the list's name
  std::string message;  // names the list; e.g. "'ST9' is not in the open list trainee_grades ..."

  [[nodiscard]] bool is_error() const { return severity == Severity::error; }
};

/// Every list of a folder. Read-only after load; safe to share between threads.
class ReferenceLists {
 public:
  /// Loads every `*.json` of `folder`. Throws ReferenceError naming the file on any mistake:
  /// unreadable, not JSON, a key missing or of the wrong type, an empty or repeated code, two
  /// lists of one name, or no list at all.
  [[nodiscard]] static ReferenceLists load(const std::filesystem::path& folder);
  /// One list from its JSON text; `origin` names it in errors.
  [[nodiscard]] static ReferenceList parse_list(std::string_view json_text,
                                                const std::string& origin);

  /// The list of this name, or nullptr.
  [[nodiscard]] const ReferenceList* find(std::string_view name) const;
  [[nodiscard]] const std::vector<ReferenceList>& all() const { return lists_; }

  /// Checks `value` (surrounding spaces ignored) against the list `list_name`:
  /// - nullopt when it is one of the list's codes, or empty (whether a field may be empty is the
  ///   schema's business, not the list's);
  /// - a warning naming the list when it is not on an open list;
  /// - an error naming the list when it is not on a closed list;
  /// - a warning (whatever the list) when it differs from a code only in letter case, naming the
  ///   code it should be.
  /// The message quotes the value: use it only for lists of codes, never of personal data.
  /// Throws ReferenceError when no list has that name (a programming error).
  [[nodiscard]] std::optional<ReferenceFinding> check(std::string_view list_name,
                                                      std::string_view value) const;

 private:
  std::vector<ReferenceList> lists_;
};

}  // namespace esr::spec
