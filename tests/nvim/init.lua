-- Headless Neovim as gantry's real-editor test client (tests/lsp_neovim.rs).
-- Works on Neovim 0.7 (Debian 12's), so it uses start_client rather than the
-- newer vim.lsp.start. GANTRY_BIN is the binary under test; GANTRY_NVIM_OUT
-- is where the diagnostics are written as JSON.
local gantry = os.getenv("GANTRY_BIN")
local out = os.getenv("GANTRY_NVIM_OUT")

vim.api.nvim_create_autocmd({ "BufReadPost", "BufNewFile" }, {
  pattern = "*.tf",
  callback = function(args)
    local dir = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(args.buf), ":p:h")
    local id = vim.lsp.start_client({ name = "gantry", cmd = { gantry, "lsp" }, root_dir = dir })
    vim.lsp.buf_attach_client(args.buf, id)
  end,
})

-- Waits for the buffer's diagnostics, writes them, quits.
function GantryWriteDiagnostics()
  vim.wait(30000, function()
    return #vim.diagnostic.get(0) > 0
  end, 20)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do
    table.insert(found, {
      lnum = d.lnum,
      col = d.col,
      end_lnum = d.end_lnum,
      end_col = d.end_col,
      severity = d.severity,
      source = d.source,
      message = d.message,
    })
  end
  table.sort(found, function(a, b)
    return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col)
  end)
  vim.fn.writefile({ vim.fn.json_encode(found) }, out)
  vim.cmd("qall!")
end
