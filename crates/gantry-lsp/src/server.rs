//! The protocol loop: initialize, document sync, requests, shutdown.

use std::collections::{BTreeSet, HashMap};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use gantry_diagnostics::FileId;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Exit, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, Formatting, GotoDefinition, HoverRequest, Request as _,
};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, CompletionOptions, CompletionParams, CompletionResponse,
    DidChangeTextDocumentParams, DidChangeWatchedFilesParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, DocumentFormattingParams,
    GotoDefinitionParams, GotoDefinitionResponse, HoverParams, HoverProviderCapability,
    InitializeParams, InitializeResult, OneOf, PublishDiagnosticsParams, SaveOptions,
    ServerCapabilities, ServerInfo, TextDocumentPositionParams, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, TextEdit, Url,
    WorkspaceEdit,
};
use serde_json::Value as Json;

use crate::analysis::Analysis;
use crate::scheduler::{Publish, Published, Scheduler};
use crate::text::{apply_change, LineIndex};
use crate::{completion, hover, locate};

/// Why the server stopped abnormally.
#[derive(Debug)]
pub enum ServerError {
    Protocol(lsp_server::ProtocolError),
    Json(serde_json::Error),
    Io(std::io::Error),
    /// `exit` came before `shutdown`: the protocol asks for exit code 1.
    ExitWithoutShutdown,
}

impl std::fmt::Display for ServerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServerError::Protocol(e) => write!(f, "language server protocol error: {e}"),
            ServerError::Json(e) => write!(f, "invalid initialize message: {e}"),
            ServerError::Io(e) => write!(f, "language server I/O error: {e}"),
            ServerError::ExitWithoutShutdown => {
                write!(f, "the client sent exit without shutdown")
            }
        }
    }
}

impl std::error::Error for ServerError {}

pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["\"".into(), ".".into()]),
            ..CompletionOptions::default()
        }),
        definition_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        document_formatting_provider: Some(OneOf::Left(true)),
        ..ServerCapabilities::default()
    }
}

/// Serves one client on `connection` until it shuts down. `env` is the
/// environment `TF_VAR_` values are read from.
pub fn serve(connection: Connection, env: Vec<(String, String)>) -> Result<(), ServerError> {
    let (id, params) = connection
        .initialize_start()
        .map_err(ServerError::Protocol)?;
    // Nothing in the client's capabilities changes what gantry sends:
    // positions are UTF-16 (the default every client supports) and
    // markdown hovers degrade to text. Parsing still rejects garbage.
    let _params: InitializeParams = serde_json::from_value(params).map_err(ServerError::Json)?;
    let result = InitializeResult {
        capabilities: capabilities(),
        server_info: Some(ServerInfo {
            name: "gantry".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    };
    let result = serde_json::to_value(result).map_err(ServerError::Json)?;
    connection
        .initialize_finish(id, result)
        .map_err(ServerError::Protocol)?;

    let publisher = Publisher {
        sender: connection.sender.clone(),
        published: Published::default(),
    };
    let scheduler = Scheduler::start(env, publisher);
    for msg in &connection.receiver {
        match msg {
            Message::Request(req) => {
                if connection
                    .handle_shutdown(&req)
                    .map_err(ServerError::Protocol)?
                {
                    return Ok(());
                }
                let id = req.id.clone();
                let method = req.method.clone();
                let response = catch_unwind(AssertUnwindSafe(|| handle_request(&scheduler, req)))
                    .unwrap_or_else(|_| {
                        Response::new_err(
                            id,
                            ErrorCode::InternalError as i32,
                            format!("gantry lsp failed on {method}; please report it"),
                        )
                    });
                if connection.sender.send(Message::Response(response)).is_err() {
                    return Ok(());
                }
            }
            Message::Notification(n) if n.method == Exit::METHOD => {
                return Err(ServerError::ExitWithoutShutdown)
            }
            Message::Notification(n) => {
                // A bug must cost one notification, not the editor's server.
                let _ = catch_unwind(AssertUnwindSafe(|| handle_notification(&scheduler, n)));
            }
            Message::Response(_) => {}
        }
    }
    Ok(())
}

struct Publisher {
    sender: crossbeam_channel::Sender<Message>,
    published: Published,
}

impl Publish for Publisher {
    fn publish(&mut self, analysis: &Analysis) {
        let mut now = BTreeSet::new();
        for file in analysis.files() {
            let path = analysis.path(file);
            let Ok(uri) = Url::from_file_path(&path) else {
                continue;
            };
            let params = PublishDiagnosticsParams {
                uri,
                diagnostics: analysis.lsp_diagnostics(file),
                version: analysis.versions.get(&path).copied(),
            };
            self.notify(params);
            now.insert(path);
        }
        for gone in self.published.replace(&analysis.dir, now) {
            if let Ok(uri) = Url::from_file_path(&gone) {
                self.notify(PublishDiagnosticsParams {
                    uri,
                    diagnostics: Vec::new(),
                    version: None,
                });
            }
        }
    }
}

impl Publisher {
    fn notify(&self, params: PublishDiagnosticsParams) {
        // A closed connection means the client is gone; the main loop ends.
        let _ = self.sender.send(Message::Notification(Notification::new(
            PublishDiagnostics::METHOD.into(),
            params,
        )));
    }
}

fn path_of(uri: &Url) -> Option<PathBuf> {
    if uri.scheme() != "file" {
        return None;
    }
    uri.to_file_path().ok()
}

fn handle_notification(scheduler: &Scheduler, n: Notification) {
    match n.method.as_str() {
        DidOpenTextDocument::METHOD => {
            if let Ok(p) = n.extract::<DidOpenTextDocumentParams>(DidOpenTextDocument::METHOD) {
                if let Some(path) = path_of(&p.text_document.uri) {
                    scheduler.set_document(path, p.text_document.text, p.text_document.version);
                }
            }
        }
        DidChangeTextDocument::METHOD => {
            if let Ok(p) = n.extract::<DidChangeTextDocumentParams>(DidChangeTextDocument::METHOD) {
                if let Some(path) = path_of(&p.text_document.uri) {
                    let version = p.text_document.version;
                    scheduler.edit_document(&path, version, |text| {
                        for change in p.content_changes {
                            apply_change(text, change);
                        }
                    });
                }
            }
        }
        DidSaveTextDocument::METHOD => {
            if let Ok(p) = n.extract::<DidSaveTextDocumentParams>(DidSaveTextDocument::METHOD) {
                if let Some(path) = path_of(&p.text_document.uri) {
                    scheduler.disk_changed(&path);
                }
            }
        }
        DidCloseTextDocument::METHOD => {
            if let Ok(p) = n.extract::<DidCloseTextDocumentParams>(DidCloseTextDocument::METHOD) {
                if let Some(path) = path_of(&p.text_document.uri) {
                    scheduler.close_document(&path);
                }
            }
        }
        DidChangeWatchedFiles::METHOD => {
            if let Ok(p) = n.extract::<DidChangeWatchedFilesParams>(DidChangeWatchedFiles::METHOD) {
                for change in p.changes {
                    if let Some(path) = path_of(&change.uri) {
                        scheduler.disk_changed(&path);
                    }
                }
            }
        }
        _ => {}
    }
}

type Handled = Result<Json, (ErrorCode, String)>;

fn handle_request(scheduler: &Scheduler, req: Request) -> Response {
    let id = req.id.clone();
    let result = match req.method.as_str() {
        HoverRequest::METHOD => params::<HoverParams>(req).and_then(|p| {
            at_position(
                scheduler,
                p.text_document_position_params,
                |a, file, offset| to_json(hover::hover(a, file, offset)),
            )
        }),
        GotoDefinition::METHOD => params::<GotoDefinitionParams>(req).and_then(|p| {
            at_position(
                scheduler,
                p.text_document_position_params,
                |a, file, offset| to_json(definition(a, file, offset)),
            )
        }),
        Completion::METHOD => params::<CompletionParams>(req).and_then(|p| {
            let pos = p.text_document_position;
            completion_at(scheduler, &pos.text_document.uri, pos.position)
        }),
        CodeActionRequest::METHOD => {
            params::<CodeActionParams>(req).and_then(|p| code_actions(scheduler, p))
        }
        Formatting::METHOD => {
            params::<DocumentFormattingParams>(req).and_then(|p| formatting(scheduler, p))
        }
        other => Err((
            ErrorCode::MethodNotFound,
            format!("gantry lsp does not handle {other}"),
        )),
    };
    match result {
        Ok(v) => Response::new_ok(id, v),
        Err((code, message)) => Response::new_err(id, code as i32, message),
    }
}

fn params<P: serde::de::DeserializeOwned>(req: Request) -> Result<P, (ErrorCode, String)> {
    serde_json::from_value(req.params)
        .map_err(|e| (ErrorCode::InvalidParams, format!("invalid parameters: {e}")))
}

fn to_json(v: impl serde::Serialize) -> Handled {
    serde_json::to_value(v).map_err(|e| (ErrorCode::InternalError, e.to_string()))
}

fn no_file(uri: &Url) -> (ErrorCode, String) {
    (
        ErrorCode::InvalidParams,
        format!("{uri} is not a file gantry has read"),
    )
}

/// The current analysis of the document's directory and the document's
/// file in it; `None` for documents outside any module.
fn analysis_of(scheduler: &Scheduler, uri: &Url) -> Option<(Arc<Analysis>, FileId)> {
    let path = path_of(uri)?;
    let analysis = scheduler.analysis(&path);
    let file = analysis.file(&path)?;
    Some((analysis, file))
}

/// The document's text as the editor has it (or as on disk, for a file
/// that is not open).
fn text_of(
    scheduler: &Scheduler,
    uri: &Url,
) -> Result<Option<(PathBuf, String)>, (ErrorCode, String)> {
    let Some(path) = path_of(uri) else {
        return Ok(None);
    };
    let text = match scheduler.document(&path) {
        Some(doc) => doc.text,
        None => std::fs::read_to_string(&path).map_err(|_| no_file(uri))?,
    };
    Ok(Some((path, text)))
}

/// Runs `f` on the current analysis at the position's byte offset; `null`
/// for documents outside any module.
fn at_position(
    scheduler: &Scheduler,
    at: TextDocumentPositionParams,
    f: impl FnOnce(&Analysis, FileId, usize) -> Handled,
) -> Handled {
    let Some((analysis, file)) = analysis_of(scheduler, &at.text_document.uri) else {
        return Ok(Json::Null);
    };
    let offset = LineIndex::new(analysis.text(file)).offset(at.position);
    f(&analysis, file, offset)
}

fn definition(analysis: &Analysis, file: FileId, offset: usize) -> Option<GotoDefinitionResponse> {
    let span = match locate::at(&analysis.module, file, offset)? {
        locate::Found::Reference { reference, .. } => {
            locate::declaration(&analysis.module, &reference.subject)?
        }
        locate::Found::ModuleInput { call, input } => {
            let child = analysis.module.children.get(&call.name)?;
            child.variables.get(&input.name)?.header_span
        }
        _ => return None,
    };
    Some(GotoDefinitionResponse::Scalar(analysis.location(span)?))
}

fn completion_at(scheduler: &Scheduler, uri: &Url, position: lsp_types::Position) -> Handled {
    let Some((path, text)) = text_of(scheduler, uri)? else {
        return Ok(Json::Null);
    };
    let offset = LineIndex::new(&text).offset(position);
    // The directory as it is now: the other files' names count even when
    // this text does not parse (it rarely does mid-word).
    let analysis = scheduler.analysis(&path);
    let items = completion::complete(&text, offset, Some(&analysis));
    to_json(CompletionResponse::Array(items))
}

/// Quick fixes: the fixes of the diagnostics that touch the range.
fn code_actions(scheduler: &Scheduler, p: CodeActionParams) -> Handled {
    let Some((analysis, file)) = analysis_of(scheduler, &p.text_document.uri) else {
        return Ok(Json::Null);
    };
    let index = LineIndex::new(analysis.text(file));
    let (start, end) = (index.offset(p.range.start), index.offset(p.range.end));
    let mut actions = Vec::new();
    for (d, lsp) in analysis.diagnostics_of(file) {
        let (Some(span), Some(fix)) = (d.span, &d.fix) else {
            continue;
        };
        if span.end < start || span.start > end {
            continue;
        }
        let mut changes: HashMap<Url, Vec<TextEdit>> = HashMap::new();
        for e in &fix.edits {
            let Some(loc) = analysis.location(e.span) else {
                continue;
            };
            changes.entry(loc.uri).or_default().push(TextEdit {
                range: loc.range,
                new_text: e.replacement.clone(),
            });
        }
        actions.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: fix.message.clone(),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![lsp]),
            edit: Some(WorkspaceEdit {
                changes: Some(changes),
                ..WorkspaceEdit::default()
            }),
            is_preferred: Some(true),
            ..CodeAction::default()
        }));
    }
    to_json(actions)
}

/// The whole document in `gantry fmt`'s style, as one edit; an error when
/// it does not parse (`fmt` leaves such files alone too).
fn formatting(scheduler: &Scheduler, p: DocumentFormattingParams) -> Handled {
    let Some((path, text)) = text_of(scheduler, &p.text_document.uri)? else {
        return Ok(Json::Null);
    };
    // `terraform fmt` formats HCL only; a `.tf.json` file is left alone.
    if gantry_diagnostics::is_json_syntax(&path.to_string_lossy()) {
        return Ok(Json::Null);
    }
    let name = display_name(&path);
    match gantry_config::format_text(&name, &text) {
        Ok(formatted) if formatted == text => to_json(Vec::<TextEdit>::new()),
        Ok(formatted) => {
            let index = LineIndex::new(&text);
            to_json(vec![TextEdit {
                range: index.range(0, text.len()),
                new_text: formatted,
            }])
        }
        Err(e) => {
            let (sources, d) = *e;
            let at = d.span.map(|s| sources.location(s)).unwrap_or(name);
            Err((
                ErrorCode::RequestFailed,
                format!("{at}: {}: {}", d.summary, d.detail),
            ))
        }
    }
}

fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().to_string(),
    )
}
