// Reference lists kept as data in reference/*.json: loading, the shipped lists, and check().
#include "esr/spec/reference_lists.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "support/temp_dir.hpp"

namespace esr::spec {
namespace {

using ::testing::HasSubstr;
using Severity = ReferenceFinding::Severity;

std::filesystem::path shipped() { return std::filesystem::path(ESRD_SOURCE_DIR) / "reference"; }

const ReferenceLists& lists() {
  static const ReferenceLists loaded = ReferenceLists::load(shipped());
  return loaded;
}

std::vector<std::string> codes(const ReferenceList& list) {
  std::vector<std::string> out;
  for (const auto& value : list.values) out.push_back(value.code);
  return out;
}

TEST(ShippedReferenceLists, LoadAndEachNamesItsSource) {
  for (const char* name :
       {"esr_staff_groups", "esr_job_roles", "trainee_grades", "notification_title_codes",
        "withdrawal_reasons", "local_offices", "host_lead"}) {
    SCOPED_TRACE(name);
    const auto* list = lists().find(name);
    ASSERT_NE(list, nullptr);
    EXPECT_FALSE(list->source.empty());
    EXPECT_FALSE(list->values.empty());
    for (const auto& value : list->values) EXPECT_FALSE(value.meaning.empty()) << value.code;
  }
}

TEST(ShippedReferenceLists, TraineeGradesAreF1F2CT1To3ST1To8AndOpen) {
  const auto* grades = lists().find("trainee_grades");
  ASSERT_NE(grades, nullptr);
  EXPECT_FALSE(grades->closed);
  EXPECT_EQ(codes(*grades), (std::vector<std::string>{"F1", "F2", "CT1", "CT2", "CT3", "ST1", "ST2",
                                                      "ST3", "ST4", "ST5", "ST6", "ST7", "ST8"}));
}

TEST(ShippedReferenceLists, NotificationTitleCodesAreOneToFiveAndClosed) {
  const auto* titles = lists().find("notification_title_codes");
  ASSERT_NE(titles, nullptr);
  EXPECT_TRUE(titles->closed);
  EXPECT_EQ(codes(*titles), (std::vector<std::string>{"1", "2", "3", "4", "5"}));
  EXPECT_EQ(titles->find("1")->meaning, "Medical Rotation Notification");
  EXPECT_THAT(titles->find("2")->meaning, HasSubstr("Applicant Withdrawn"));
  EXPECT_THAT(titles->find("4")->meaning, HasSubstr("Projected Hire/End Date"));
  EXPECT_THAT(titles->find("5")->meaning, HasSubstr("New Training Position"));
}

TEST(ShippedReferenceLists, WithdrawalReasonsAreOopMaternityOther) {
  const auto* reasons = lists().find("withdrawal_reasons");
  ASSERT_NE(reasons, nullptr);
  EXPECT_TRUE(reasons->closed);
  ASSERT_EQ(reasons->values.size(), 3U);
  EXPECT_THAT(reasons->find("1")->meaning, HasSubstr("OOP"));
  EXPECT_EQ(reasons->find("2")->meaning, "Maternity");
  EXPECT_EQ(reasons->find("3")->meaning, "Other");
}

TEST(ShippedReferenceLists, TheThirteenLocalOffices) {
  const auto* offices = lists().find("local_offices");
  ASSERT_NE(offices, nullptr);
  EXPECT_FALSE(offices->closed) << "the offices are configuration";
  EXPECT_EQ(codes(*offices),
            (std::vector<std::string>{"EMD", "EOE", "KSS", "LDN", "MER", "NTH", "NWN", "OXF", "PEN",
                                      "SEV", "WES", "WMD", "YHD"}));
}

TEST(ShippedReferenceLists, HostLeadInBothSpellings) {
  const auto* host_lead = lists().find("host_lead");
  ASSERT_NE(host_lead, nullptr);
  EXPECT_TRUE(host_lead->closed);
  EXPECT_EQ(codes(*host_lead),
            (std::vector<std::string>{"Host", "Lead", "Host Employer", "Lead Employer"}));
}

TEST(ShippedReferenceLists, AdvancedPractitionerRolesOf2022) {
  const auto* roles = lists().find("esr_job_roles");
  ASSERT_NE(roles, nullptr);
  EXPECT_FALSE(roles->closed);
  for (const char* role :
       {"Nurse Advanced Practitioner", "Midwife Advanced Practitioner",
        "Paramedic Advanced Practitioner", "Physiotherapist Advanced Practitioner",
        "Radiography – Diagnostic Advanced Practitioner",
        "Speech & Language Therapist Advanced Practitioner",
        "Multi-Therapist Advanced Practitioner", "Healthcare Scientist Advanced Practitioner",
        "Advanced Practitioner", "Trainee Advanced Practitioner"}) {
    EXPECT_NE(roles->find(role), nullptr) << role;
  }
  EXPECT_EQ(roles->values.size(), 22U);
  EXPECT_THAT(roles->find("Nurse Advanced Practitioner")->meaning,
              HasSubstr("Registered Nursing & Midwifery"));
  const auto* groups = lists().find("esr_staff_groups");
  ASSERT_NE(groups, nullptr);
  for (const char* group :
       {"Medical and Dental", "Registered Nursing & Midwifery", "Allied Health Professions",
        "Additional Professional Scientific and Technical", "Healthcare Scientists"}) {
    EXPECT_NE(groups->find(group), nullptr) << group;
  }
}

TEST(ReferenceCheck, AValueOnTheListPasses) {
  EXPECT_EQ(lists().check("trainee_grades", "ST4"), std::nullopt);
  EXPECT_EQ(lists().check("trainee_grades", " F1 "), std::nullopt);
  EXPECT_EQ(lists().check("withdrawal_reasons", "3"), std::nullopt);
  EXPECT_EQ(lists().check("host_lead", "Lead Employer"), std::nullopt);
}

TEST(ReferenceCheck, AnEmptyValueIsTheSchemasBusiness) {
  EXPECT_EQ(lists().check("withdrawal_reasons", ""), std::nullopt);
  EXPECT_EQ(lists().check("trainee_grades", "  "), std::nullopt);
}

TEST(ReferenceCheck, OutsideAnOpenListIsAWarningNamingTheList) {
  auto finding = lists().check("trainee_grades", "ST9");
  ASSERT_TRUE(finding.has_value());
  EXPECT_EQ(finding->severity, Severity::warning);
  EXPECT_FALSE(finding->is_error());
  EXPECT_EQ(finding->list, "trainee_grades");
  EXPECT_THAT(finding->message, HasSubstr("trainee_grades"));
  EXPECT_THAT(finding->message, HasSubstr("'ST9'"));
  EXPECT_THAT(finding->message, HasSubstr("open"));
  auto office = lists().check("local_offices", "TSD");
  ASSERT_TRUE(office.has_value());
  EXPECT_EQ(office->severity, Severity::warning);
}

TEST(ReferenceCheck, OutsideAClosedListIsAnErrorNamingTheList) {
  auto finding = lists().check("withdrawal_reasons", "4");
  ASSERT_TRUE(finding.has_value());
  EXPECT_EQ(finding->severity, Severity::error);
  EXPECT_TRUE(finding->is_error());
  EXPECT_EQ(finding->list, "withdrawal_reasons");
  EXPECT_THAT(finding->message, HasSubstr("withdrawal_reasons"));
  EXPECT_THAT(finding->message, HasSubstr("closed"));
  auto title = lists().check("notification_title_codes", "6");
  ASSERT_TRUE(title.has_value());
  EXPECT_TRUE(title->is_error());
  auto host = lists().check("host_lead", "Host Trust");
  ASSERT_TRUE(host.has_value());
  EXPECT_TRUE(host->is_error());
}

TEST(ReferenceCheck, ACaseDifferenceIsAWarningNamingTheRightSpelling) {
  auto grade = lists().check("trainee_grades", "st4");
  ASSERT_TRUE(grade.has_value());
  EXPECT_EQ(grade->severity, Severity::warning);
  EXPECT_THAT(grade->message, HasSubstr("'ST4'"));
  auto host = lists().check("host_lead", "HOST");
  ASSERT_TRUE(host.has_value());
  EXPECT_EQ(host->severity, Severity::warning) << "closed list, but only the case differs";
  EXPECT_THAT(host->message, HasSubstr("'Host'"));
}

TEST(ReferenceCheck, AnUnknownListIsAProgrammingError) {
  EXPECT_THROW((void)lists().check("no_such_list", "x"), ReferenceError);
}

TEST(ReferenceLoad, ParsesAListAndRefusesMistakes) {
  auto list = ReferenceLists::parse_list(
      R"({"name":"n","source":"s","closed":true,"values":[{"code":"A","meaning":"a"}]})", "x.json");
  EXPECT_EQ(list.name, "n");
  EXPECT_TRUE(list.closed);
  ASSERT_EQ(list.values.size(), 1U);
  EXPECT_EQ(list.values[0].meaning, "a");
  for (
      std::string_view bad : {
          R"(not json)",
          R"([])",
          R"({"source":"s","closed":true,"values":[{"code":"A","meaning":"a"}]})",
          R"({"name":"n","closed":true,"values":[{"code":"A","meaning":"a"}]})",
          R"({"name":"n","source":"","closed":true,"values":[{"code":"A","meaning":"a"}]})",
          R"({"name":"n","source":"s","values":[{"code":"A","meaning":"a"}]})",
          R"({"name":"n","source":"s","closed":"yes","values":[{"code":"A","meaning":"a"}]})",
          R"({"name":"n","source":"s","closed":true,"values":{}})",
          R"({"name":"n","source":"s","closed":true,"values":[]})",
          R"({"name":"n","source":"s","closed":true,"values":["A"]})",
          R"({"name":"n","source":"s","closed":true,"values":[{"code":"A"}]})",
          R"({"name":"n","source":"s","closed":true,"values":[{"code":"","meaning":"a"}]})",
          R"({"name":"n","source":"s","closed":true,"values":[{"code":" A","meaning":"a"}]})",
          R"({"name":"n","source":"s","closed":true,"values":[{"code":1,"meaning":"a"}]})",
          R"({"name":"n","source":"s","closed":true,"values":[{"code":"A","meaning":"a"},{"code":"A","meaning":"b"}]})",
      }) {
    EXPECT_THROW((void)ReferenceLists::parse_list(bad, "bad.json"), ReferenceError) << bad;
  }
}

TEST(ReferenceLoad, AFolderNamesTheFileAtFault) {
  test_support::TempDir dir;
  dir.write("a.json",
            R"({"name":"a","source":"s","closed":false,"values":[{"code":"X","meaning":"x"}]})");
  dir.write("notes.txt", "ignored");
  auto loaded = ReferenceLists::load(dir.path());
  ASSERT_EQ(loaded.all().size(), 1U);
  EXPECT_NE(loaded.find("a"), nullptr);
  dir.write("b.json",
            R"({"name":"a","source":"s","closed":false,"values":[{"code":"X","meaning":"x"}]})");
  try {
    (void)ReferenceLists::load(dir.path());
    ADD_FAILURE() << "two lists of one name were accepted";
  } catch (const ReferenceError& e) {
    EXPECT_THAT(e.what(), HasSubstr("b.json"));
  }
  test_support::TempDir empty;
  EXPECT_THROW((void)ReferenceLists::load(empty.path()), ReferenceError);
  EXPECT_THROW((void)ReferenceLists::load(empty.path() / "missing"), ReferenceError);
}

}  // namespace
}  // namespace esr::spec
