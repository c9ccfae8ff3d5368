//! Taking things out of the screen: `y` copies the selected resource's id,
//! `Y` its ARN, `o` shows its console URL and copies it (OSC 52, carried
//! out by the terminal loop), `e` exports the view as CSV.

use super::{App, Effect};
use crate::model::links;

/// A box over the screen that any key closes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Popup {
    pub title: String,
    pub text: String,
}

impl App {
    pub(super) fn copy_id(&mut self) -> Vec<Effect> {
        let Some(r) = self.selected() else {
            return self.nothing_selected();
        };
        let id = r.id.to_string();
        self.view.status = Some(format!("copied id {id}"));
        vec![Effect::Copy(id)]
    }

    pub(super) fn copy_arn(&mut self) -> Vec<Effect> {
        let Some(r) = self.selected() else {
            return self.nothing_selected();
        };
        match links::arn(r, &self.known.identity.account) {
            Some(arn) => {
                self.view.status = Some(format!("copied ARN {arn}"));
                vec![Effect::Copy(arn)]
            }
            None => {
                self.view.status = Some(format!("no ARN known for {} (AWS did not return one)", r.id));
                vec![]
            }
        }
    }

    pub(super) fn console_link(&mut self) -> Vec<Effect> {
        let Some(r) = self.selected() else {
            return self.nothing_selected();
        };
        let url = links::console_url(r);
        self.view.popup = Some(Popup {
            title: format!(" Console link · {} · copied ", r.id),
            text: url.clone(),
        });
        self.view.status = Some("copied the console link".to_string());
        vec![Effect::Copy(url)]
    }

    fn nothing_selected(&mut self) -> Vec<Effect> {
        self.view.status = Some("nothing selected".to_string());
        vec![]
    }

    /// The current view's rows after filters and sort, with its columns
    /// and the tags, as CSV; the loop writes it to `file` in the current
    /// directory.
    pub(super) fn export(&mut self) -> Vec<Effect> {
        if self.view.tab.columns().is_empty() {
            self.view.status = Some(format!("the {} view has no table to export", self.view.tab));
            return vec![];
        }
        match self.view_csv() {
            Ok(csv) => {
                let file = format!(
                    "aws-monitor-{}-{}.csv",
                    self.view.tab.to_string().to_ascii_lowercase(),
                    self.known.now.format("%Y%m%d-%H%M%S")
                );
                let rows = self.derived.rows.len();
                self.view.status = Some(format!("exporting {rows} rows to {file}"));
                vec![Effect::Export { file, csv, rows }]
            }
            Err(e) => {
                self.view.status = Some(format!("export failed: {e}"));
                vec![]
            }
        }
    }

    fn view_csv(&self) -> Result<String, csv::Error> {
        let columns = self.columns();
        let mut w = csv::Writer::from_writer(Vec::new());
        let mut header: Vec<&str> = columns.iter().map(|c| c.title).collect();
        header.push("TAGS");
        w.write_record(&header)?;
        for r in self.rows() {
            let mut row: Vec<String> = columns.iter().map(|c| self.cell_text(c, r)).collect();
            row.push(r.tags.joined());
            w.write_record(&row)?;
        }
        let bytes = w.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }
}

#[cfg(test)]
mod tests {
    #![allow(unused_must_use, reason = "the tests feed messages for the state they make")]
    use crossterm::event::KeyCode;

    use super::*;
    use crate::app::tests::{app, fetch, instance, instances, key, listed, t};
    use crate::app::{Msg, Tab};
    use crate::model::{Outcome, Resource, ResourceKind, TagFilter};

    /// An app whose first cycle has started (its results are kept).
    fn started() -> App {
        let mut a = app();
        crate::app::tests::started(&mut a);
        a
    }

    /// Presses `c`: the effects and the status line it leaves.
    fn press(a: &mut App, c: char) -> (Vec<Effect>, Option<String>) {
        let effects = a.update(key(KeyCode::Char(c)));
        (effects, a.view.status.clone())
    }

    fn two() -> App {
        let mut a = started();
        a.known.identity.account = "123456789012".into();
        instances(&mut a, &[("i-1", "b", "prod"), ("i-2", "a", "dev")]);
        a
    }

    #[test]
    fn y_copies_the_id_and_says_so() {
        let mut a = two();
        assert_eq!(a.selected().map(|r| r.id.as_str()), Some("i-2"), "sorted by name");
        assert_eq!(
            press(&mut a, 'y'),
            (vec![Effect::Copy("i-2".into())], Some("copied id i-2".into()))
        );
        a.update(key(KeyCode::Char('j')));
        assert_eq!(a.view.status, None, "the next key clears the status line");
    }

    #[test]
    fn shift_y_copies_the_arn() {
        let mut a = two();
        let arn = "arn:aws:ec2:us-east-1:123456789012:instance/i-2";
        assert_eq!(
            press(&mut a, 'Y'),
            (vec![Effect::Copy(arn.into())], Some(format!("copied ARN {arn}")))
        );
    }

    #[test]
    fn a_nodegroup_without_its_arn_copies_nothing() {
        let mut a = started();
        let nodegroup = Resource::new(ResourceKind::EksNodegroup, "us-east-1", "c/ng");
        a.update(listed(
            "us-east-1",
            ResourceKind::EksNodegroup,
            Outcome::Fresh(vec![nodegroup]),
            t(1),
        ));
        a.update(key(KeyCode::Char('7')));
        assert_eq!(a.view.tab, Tab::Kind(crate::model::ResourceKind::EksCluster));
        let why = "no ARN known for c/ng (AWS did not return one)";
        assert_eq!(press(&mut a, 'Y'), (vec![], Some(why.into())));
    }

    #[test]
    fn o_shows_and_copies_the_console_url_and_any_key_closes_it() {
        let mut a = two();
        let url = "https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#InstanceDetails:instanceId=i-2";
        assert_eq!(a.update(key(KeyCode::Char('o'))), vec![Effect::Copy(url.into())]);
        assert_eq!(a.view.popup.as_ref().map(|p| p.text.as_str()), Some(url));
        assert_eq!(
            a.update(key(KeyCode::Char('q'))),
            vec![],
            "q closes the popup, not the app"
        );
        assert_eq!(a.view.popup, None);
        assert_eq!(a.update(key(KeyCode::Char('q'))), vec![Effect::Quit]);
    }

    #[test]
    fn nothing_selected_copies_nothing() {
        let mut a = app();
        for c in ['y', 'Y', 'o'] {
            assert_eq!(press(&mut a, c), (vec![], Some("nothing selected".into())));
        }
    }

    #[test]
    fn e_exports_the_view_after_filters_and_sort() {
        let mut a = two();
        a.update(fetch(
            "us-east-1",
            Outcome::Fresh(vec![
                instance("us-east-1", "i-1", "b", "prod"),
                instance("us-east-1", "i-2", "a", "dev"),
                instance("us-east-1", "i-3", "c,\"quoted\"", "prod"),
            ]),
            t(1),
        ));
        a.view.tag_filter = TagFilter::parse("Environment=prod").unwrap();
        a.update(key(KeyCode::Char('S'))); // name, descending
        let effects = a.update(key(KeyCode::Char('e')));
        let [Effect::Export { file, csv, rows }] = effects.as_slice() else {
            panic!("{effects:?}");
        };
        assert_eq!(file, "aws-monitor-ec2-20270115-080000.csv");
        assert_eq!(*rows, 2);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0], "NAME,REGION,ID,TYPE,STATE,STATUS,AZ,PRIVATE IP,PUBLIC IP,AGE,TAGS",
            "the view's columns"
        );
        assert_eq!(
            lines[1],
            "\"c,\"\"quoted\"\"\",us-east-1,i-3,,running,,,,,,Environment=prod"
        );
        assert_eq!(lines[2], "b,us-east-1,i-1,,running,,,,,,Environment=prod");
        assert_eq!(lines.len(), 3, "dev is filtered out");
        assert_eq!(
            a.view.status.as_deref(),
            Some("exporting 2 rows to aws-monitor-ec2-20270115-080000.csv")
        );
        // The loop reports where the file went.
        a.update(Msg::Status("exported 2 rows to /tmp/x.csv".into()));
        assert_eq!(a.view.status.as_deref(), Some("exported 2 rows to /tmp/x.csv"));
    }

    #[test]
    fn views_without_a_table_export_nothing() {
        let mut a = two();
        a.update(key(KeyCode::Char('1')));
        assert_eq!(a.view.tab, Tab::Overview);
        assert_eq!(a.update(key(KeyCode::Char('e'))), vec![]);
        assert_eq!(
            a.view.status.as_deref(),
            Some("the Overview view has no table to export")
        );
    }
}
