//! The consultation definition format: the JSON an author writes, as serde types.
//!
//! These types are the published format (`docs/consultation-format.md`), so they derive
//! both `Deserialize` and `Serialize`, like the framework records. They keep what the author
//! wrote: question types, times and languages are plain strings here, so that a mistake in
//! one of them is reported by [`validate`](super::validate) with its JSON path, together with
//! every other mistake, instead of stopping the parse. Unknown fields are refused.

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A text in English, optionally with its Welsh version.
///
/// Written either as a plain string (English only) or as `{"en": "...", "cy": "..."}`.
/// (Deserialised by hand: serde's untagged enums buffer the input and cost code size.)
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Text {
    Plain(String),
    Bilingual(Bilingual),
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text: a string, or an object {\"en\": ..., \"cy\": ...}")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Text, E> {
                Ok(Text::Plain(s.to_owned()))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<Text, E> {
                Ok(Text::Plain(s))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Text, A::Error> {
                Bilingual::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(Text::Bilingual)
            }
        }
        d.deserialize_any(TextVisitor)
    }
}

/// The object form of a [`Text`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bilingual {
    pub en: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cy: Option<String>,
}

/// A language a consultation can be answered in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Cy,
}

impl Lang {
    /// `en` or `cy`.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Cy => "cy",
        }
    }

    /// The language with this code, if it is one the format knows.
    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "en" => Some(Lang::En),
            "cy" => Some(Lang::Cy),
            _ => None,
        }
    }
}

impl Text {
    /// A text with both versions (the built-in labels use this).
    pub fn both(en: &str, cy: &str) -> Text {
        Text::Bilingual(Bilingual {
            en: en.to_owned(),
            cy: Some(cy.to_owned()),
        })
    }

    /// The English version.
    pub fn en(&self) -> &str {
        match self {
            Text::Plain(s) => s,
            Text::Bilingual(b) => &b.en,
        }
    }

    /// The Welsh version, if there is one.
    pub fn cy(&self) -> Option<&str> {
        match self {
            Text::Plain(_) => None,
            Text::Bilingual(b) => b.cy.as_deref(),
        }
    }

    /// The version in a language, falling back to English.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => self.en(),
            Lang::Cy => self.cy().unwrap_or(self.en()),
        }
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text::Plain(s.to_owned())
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn english_only() -> Vec<String> {
    vec!["en".to_owned()]
}

fn is_english_only(v: &[String]) -> bool {
    v.len() == 1 && v[0] == "en"
}

/// A consultation, as its author writes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Definition {
    /// Stable identifier: lower-case letters, digits and hyphens, e.g. `jtai-2015`.
    pub id: String,
    /// Starts at 1; a response names the version it answers.
    pub version: u32,
    pub title: Text,
    /// The bodies that consult, e.g. Ofsted and the Care Quality Commission.
    pub bodies: Vec<Text>,
    /// What the consultation is about and why, in a few sentences.
    pub summary: Text,
    /// UK local time `YYYY-MM-DDTHH:MM` from which responses are accepted.
    pub opens: String,
    /// UK local time `YYYY-MM-DDTHH:MM`: the last minute in which a response is accepted.
    pub closes: String,
    /// The languages a respondent may answer in: `en`, and `cy` when every text has Welsh.
    #[serde(default = "english_only", skip_serializing_if = "is_english_only")]
    pub languages: Vec<String>,
    /// How responses will be used.
    pub responses_use: Text,
    /// The confidentiality and data-protection statement.
    pub confidentiality: Text,
    /// Whom to contact for the consultation in another format.
    pub alternative_formats: Text,
    /// Authors' notes: where the text comes from, which facts are assumptions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Text>,
    /// Where a response file is sent: any of an e-mail address, a postal address and a web
    /// address. The form's confirmation page shows them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submission: Option<Submission>,
    pub sections: Vec<Section>,
}

/// Where respondents send their response file; at least one of the three.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Submission {
    /// An e-mail address to send the file to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// A postal address for a printed copy (lines separated by line breaks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal: Option<Text>,
    /// An `https://` web address where the file can be uploaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A group of questions shown together.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Section {
    pub id: String,
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intro: Option<Text>,
    pub questions: Vec<Question>,
}

/// One question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Question {
    /// Unique in the consultation: lower-case letters, digits and hyphens.
    pub id: String,
    /// One of the names in [`QuestionType`], e.g. `agree-scale`.
    #[serde(rename = "type")]
    pub kind: String,
    pub text: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Text>,
    /// Whether a respondent who is shown the question must answer it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// The options of a `single-choice` or `multiple-choice` question.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<Choice>,
    /// The roles a `respondent-type` question offers (“prefer not to say” is added).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Choice>,
    /// The most characters a `short-text` or `long-text` answer may have.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
    /// The most options a `multiple-choice` answer may pick.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_choices: Option<u32>,
    /// `identifying` (published only with consent to publish in full) or `contact`
    /// (never published) for text answers that are personal data. E-mail answers are
    /// always `contact`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal: Option<String>,
    /// Show the question only when an earlier answer has one of the given values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
}

/// An option of a choice question or a role.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Choice {
    /// What a response records: lower-case letters, digits and hyphens.
    pub value: String,
    pub label: Text,
}

/// When a question is shown: an earlier question's answer is `equals`, or one of `anyOf`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Condition {
    pub question: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equals: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub any_of: Option<Vec<String>>,
}

/// The kinds of question.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QuestionType {
    /// One of the question's options.
    SingleChoice,
    /// Any number of the question's options (up to `maxChoices`).
    MultipleChoice,
    /// Strongly agree, agree, neither, disagree, strongly disagree.
    AgreeScale,
    /// Yes or no.
    YesNo,
    /// One line of text.
    ShortText,
    /// Paragraphs of text, up to a character limit.
    LongText,
    /// An e-mail address (contact data, never published).
    Email,
    /// Individual, organisation or prefer not to say, with a role.
    RespondentType,
    /// Publish in full, publish anonymously, or do not publish.
    ConsentToPublish,
}

impl QuestionType {
    /// Every type, in the order the format documents them.
    pub const ALL: [QuestionType; 9] = [
        QuestionType::SingleChoice,
        QuestionType::MultipleChoice,
        QuestionType::AgreeScale,
        QuestionType::YesNo,
        QuestionType::ShortText,
        QuestionType::LongText,
        QuestionType::Email,
        QuestionType::RespondentType,
        QuestionType::ConsentToPublish,
    ];

    /// The name in the format, e.g. `agree-scale`.
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionType::SingleChoice => "single-choice",
            QuestionType::MultipleChoice => "multiple-choice",
            QuestionType::AgreeScale => "agree-scale",
            QuestionType::YesNo => "yes-no",
            QuestionType::ShortText => "short-text",
            QuestionType::LongText => "long-text",
            QuestionType::Email => "email",
            QuestionType::RespondentType => "respondent-type",
            QuestionType::ConsentToPublish => "consent-to-publish",
        }
    }

    /// The type with this name, if the format knows it.
    pub fn from_name(name: &str) -> Option<QuestionType> {
        QuestionType::ALL.into_iter().find(|t| t.as_str() == name)
    }

    /// Whether the answer is text (short, long or e-mail).
    pub fn is_text(self) -> bool {
        matches!(
            self,
            QuestionType::ShortText | QuestionType::LongText | QuestionType::Email
        )
    }

    /// The options the format fixes for this type, if it fixes them.
    pub fn fixed_choices(self) -> Option<&'static [(&'static str, &'static str, &'static str)]> {
        match self {
            QuestionType::AgreeScale => Some(AGREE_SCALE),
            QuestionType::YesNo => Some(YES_NO),
            QuestionType::RespondentType => Some(RESPONDENT_TYPES),
            QuestionType::ConsentToPublish => Some(CONSENT),
            _ => None,
        }
    }
}

/// The agree–disagree scale: value, English label, Welsh label.
pub const AGREE_SCALE: &[(&str, &str, &str)] = &[
    ("strongly-agree", "Strongly agree", "Cytuno’n gryf"),
    ("agree", "Agree", "Cytuno"),
    (
        "neither",
        "Neither agree nor disagree",
        "Ddim yn cytuno nac yn anghytuno",
    ),
    ("disagree", "Disagree", "Anghytuno"),
    ("strongly-disagree", "Strongly disagree", "Anghytuno’n gryf"),
];

/// Yes and no.
pub const YES_NO: &[(&str, &str, &str)] = &[("yes", "Yes", "Ie"), ("no", "No", "Na")];

/// Who is responding.
pub const RESPONDENT_TYPES: &[(&str, &str, &str)] = &[
    ("individual", "As an individual", "Fel unigolyn"),
    (
        "organisation",
        "On behalf of an organisation",
        "Ar ran sefydliad",
    ),
    (
        "prefer-not-to-say",
        "Prefer not to say",
        "Mae’n well gennyf beidio â dweud",
    ),
];

/// The role every respondent-type question offers after the author's roles.
pub const ROLE_PREFER_NOT_TO_SAY: (&str, &str, &str) = (
    "prefer-not-to-say",
    "Prefer not to say",
    "Mae’n well gennyf beidio â dweud",
);

/// Consent to publish, in the order the analysis uses.
pub const CONSENT: &[(&str, &str, &str)] = &[
    (
        "publish-in-full",
        "Publish my response in full",
        "Cyhoeddi fy ymateb yn llawn",
    ),
    (
        "publish-anonymously",
        "Publish my response without my name or my organisation’s name",
        "Cyhoeddi fy ymateb heb fy enw nac enw fy sefydliad",
    ),
    (
        "do-not-publish",
        "Do not publish my response",
        "Peidiwch â chyhoeddi fy ymateb",
    ),
];
