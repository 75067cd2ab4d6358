#pragma once
// Declarative descriptions of records and files, loaded from schemas/.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "esr/spec/field_format.hpp"

namespace esr::spec {

enum class DateStyle { none, compact, iso };  // YYYYMMDD or YYYY-MM-DD

/// "Mandatory when field `field_index` holds one of `values`".
struct RequiredIf {
  std::size_t field_index = 0;
  std::vector<std::string> values;
};

/// The listed value that `value` stands for when coded values are compared the way ESR means
/// them (ASCII case ignored, surrounding spaces and tabs ignored), or nullptr.
[[nodiscard]] const std::string* listed_value(const std::vector<std::string>& listed,
                                              std::string_view value);

struct FieldSpec {
  std::string ref{};   // T_POS10, S_NOT03, "5"
  std::string name{};  // as the interface spec writes it
  FieldFormat format;
  std::optional<std::string> constant{};
  std::vector<std::string> values{};  // closed list when not empty
  DateStyle date = DateStyle::none;
  std::optional<RequiredIf> required_if{};
  std::vector<std::size_t> required_with{};  // mandatory when any of these fields is not empty
  bool personal = false;
  std::string comment{};
  std::string reference{};  // the reference list (reference/*.json) its values are checked against
  std::string
      identifier{};  // the identifier rule it must meet (gmc, gdc, ni...; identifier_rules.hpp)
  /// For a registration number whose rule depends on another field (APP Prof_01_reg_num): the
  /// index of the field naming the professional body (GMC, GDC, NMC, HCPC, GPhC).
  std::optional<std::size_t> identifier_body{};

  /// When several optional fields go or stay together (an APP address, a professional
  /// registration, an emergency contact): the name of their group.
  /// A record whose optional group is incomplete or malformed may be sent without the group.
  std::string group{};
  /// An optional field the record is unusable without (an APP's position or start date): a
  /// problem with it holds the record back like a problem with a mandatory field does.
  bool essential = false;

  /// "T_POS10 Deanery Number": how problems name the field.
  [[nodiscard]] std::string label() const;

  /// For a field with a closed list (`values`): the listed value that `value` stands for,
  /// compared the way ESR means coded values (ASCII case ignored, surrounding spaces and tabs
  /// ignored), so 'LEAD EMPLOYER ' is 'Lead Employer'. nullptr when `value` is not on the list
  /// (or the field has no list). The pointer is valid as long as the spec.
  [[nodiscard]] const std::string* canonical_value(std::string_view value) const;
};

struct RecordSpec {
  std::string record_type;  // the value of field 1
  std::string name;
  std::vector<FieldSpec> fields;

  [[nodiscard]] std::optional<std::size_t> index_of(std::string_view ref_or_name) const;
  /// index_of for a field esrd cannot do without: throws SchemaError ("the APP record has no
  /// field 'DOB', which esrd needs") when the loaded schema lacks it.
  [[nodiscard]] std::size_t required_index(std::string_view ref_or_name) const;

  /// True when every closed-list value of the record is already in its listed spelling (the
  /// usual case: then there is nothing to canonicalise and nothing to copy).
  [[nodiscard]] bool in_listed_spelling(std::span<const std::string_view> values) const;

  /// Replaces each value of a closed-list field by its canonical form (canonical_value), so
  /// what is stored and compared is the listed spelling. Values not on their list are left as
  /// they are (validation reports them). `values` must be in spec order.
  template <typename Text>
  void canonicalise(std::span<Text> values) const {
    for (std::size_t i = 0; i < fields.size() && i < values.size(); ++i) {
      if (fields[i].values.empty() || values[i].empty()) continue;
      if (const auto* canonical = fields[i].canonical_value(values[i])) values[i] = *canonical;
    }
  }
};

enum class Layout { records, confirmation, csv };
enum class Direction { inbound, outbound, extract };

/// Everything about one file type. Immutable after loading; safe to share between threads.
struct FileSpec {
  std::string type;                     // RMT, APP, NOTIFICATION, ...
  std::vector<std::string> file_types;  // RMF, RMC, ...
  std::string title;
  Direction direction = Direction::inbound;
  std::string source;
  Layout layout = Layout::records;
  bool keep_unknown_records = false;
  std::vector<RecordSpec> records;
  std::string confirms;                   // confirmation layout: the schema it confirms
  std::vector<FieldSpec> wrapper_fields;  // confirmation layout: position, outcome, reason

  [[nodiscard]] const RecordSpec* find_record(std::string_view record_type) const;
};

}  // namespace esr::spec
