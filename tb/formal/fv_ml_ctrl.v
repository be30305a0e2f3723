// SPDX-FileCopyrightText: 2026 The TNAM developers
// SPDX-License-Identifier: Apache-2.0
// Proof wrapper: the drive stage and multi-level sequencer (rtl/tnam_ml_ctrl.v, spec 10).
`default_nettype none

// A model of section 10 written from the spec, beside the sequencer, with every input free
// (all_gated_i stands for the sense stage: any read may find every column gated) and the
// clock enable held at 1 (fv_ce proves what an edge with ce_i = 0 does). An operation
// starts at an edge with eval_i, not busy and a multi-level mode; its planes (one for level
// mode, four for q4) each cost one cycle when every column is gated at the READ and S
// cycles otherwise (the READ makes step S-1, then S-1 STEP cycles make steps S-2 .. 0);
// after the last plane comes one FINISH cycle. So busy_o is 1 from the cycle after the start
// to the FINISH cycle, done_o is 1 in the cycle after FINISH alone, the word lines carry
// plane p in every cycle of plane p and nothing in FINISH, and a step is made with index k
// in the right cycles, sar_step_o/sar_bit_o showing it one cycle later.
module fv_ml_ctrl #(
  parameter ROWS = 2,
  parameter VW   = $clog2(ROWS + 1) + 3,
  parameter S    = $clog2(ROWS + 1) + 1,
  parameter SBW  = $clog2(S)
) (
  input wire              clk_i,
  input wire              rst_ni,
  input wire              ce_i,
  input wire              eval_i,
  input wire [ROWS-1:0]   x_i,
  input wire [4*ROWS-1:0] act_i,
  input wire              ml_mode_i,
  input wire              q4_mode_i,
  input wire              all_gated_i
);

  wire              busy, start, read, step, plane_done, finish, wl_valid, sar_step, done;
  wire [1:0]        plane;
  wire [VW-1:0]     trial_bit, ref_low;
  wire [ROWS-1:0]   wl;
  wire [SBW-1:0]    sar_bit;

  tnam_ml_ctrl #(
    .ROWS         (ROWS),
    .VW           (VW),
    .S            (S),
    .SBW          (SBW)
  ) u_ctrl (
    .clk_i        (clk_i),
    .rst_ni       (rst_ni),
    .ce_i         (ce_i),
    .eval_i       (eval_i),
    .x_i          (x_i),
    .act_i        (act_i),
    .ml_mode_i    (ml_mode_i),
    .q4_mode_i    (q4_mode_i),
    .all_gated_i  (all_gated_i),
    .busy_o       (busy),
    .start_o      (start),
    .read_o       (read),
    .step_o       (step),
    .plane_done_o (plane_done),
    .plane_o      (plane),
    .finish_o     (finish),
    .trial_bit_o  (trial_bit),
    .ref_low_o    (ref_low),
    .wl_valid_o   (wl_valid),
    .wl_o         (wl),
    .sar_step_o   (sar_step),
    .sar_bit_o    (sar_bit),
    .done_o       (done)
  );

  always @(*) begin
    assume (ce_i);
  end

  // The spec's model. In a running operation: m_read (this cycle is a plane's READ), m_k (in
  // a STEP cycle, the step it makes), m_fin (this cycle is FINISH).
  reg              m_run   = 1'b0;
  reg              m_four  = 1'b0;
  reg  [1:0]       m_plane = 2'd0;
  reg              m_read  = 1'b0;
  reg              m_fin   = 1'b0;
  reg  [SBW-1:0]   m_k     = {SBW{1'b0}};
  reg  [4*ROWS-1:0] m_planes = {(4*ROWS){1'b0}};  // plane p at [p*ROWS +: ROWS]
  reg              m_done  = 1'b0;
  reg              m_step  = 1'b0;
  reg  [SBW-1:0]   m_bit   = {SBW{1'b0}};
  reg              m_wl_valid = 1'b0;
  reg  [ROWS-1:0]  m_wl    = {ROWS{1'b0}};

  wire m_start = eval_i && !m_run && ml_mode_i;
  wire m_steps = m_run && !m_fin && (m_read ? !all_gated_i : 1'b1);  // a step this cycle
  wire [SBW-1:0] m_step_k = m_read ? S - 1 : m_k;
  wire m_plane_done = m_run && !m_fin && (m_read ? all_gated_i : (m_k == 0));
  wire m_last = !m_four || m_plane == 2'd3;

  integer p, r;
  reg [4*ROWS-1:0] planes_now;
  always @(*) begin
    planes_now = {(4*ROWS){1'b0}};
    for (p = 0; p < 4; p = p + 1) begin
      for (r = 0; r < ROWS; r = r + 1) begin
        planes_now[p*ROWS + r] = q4_mode_i ? act_i[4*r + p] : (p == 0 && x_i[r]);
      end
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      m_run <= 1'b0; m_four <= 1'b0; m_plane <= 2'd0; m_read <= 1'b0; m_fin <= 1'b0;
      m_k <= {SBW{1'b0}}; m_planes <= {(4*ROWS){1'b0}}; m_done <= 1'b0; m_step <= 1'b0;
      m_bit <= {SBW{1'b0}}; m_wl_valid <= 1'b0; m_wl <= {ROWS{1'b0}};
    end else begin
      m_done <= m_fin;
      m_step <= m_steps;
      if (m_steps) begin
        m_bit <= m_step_k;
      end
      if (!m_run) begin
        m_wl_valid <= eval_i;
        m_wl       <= eval_i ? (m_start ? planes_now[ROWS-1:0] : x_i) : {ROWS{1'b0}};
        if (m_start) begin
          m_run    <= 1'b1;
          m_four   <= q4_mode_i;
          m_plane  <= 2'd0;
          m_read   <= 1'b1;
          m_fin    <= 1'b0;
          m_planes <= planes_now;
        end
      end else if (m_fin) begin
        m_run <= 1'b0;
        m_fin <= 1'b0;
      end else begin
        if (m_read && !all_gated_i) begin
          m_read <= 1'b0;
          m_k    <= S - 2;
        end else if (!m_read) begin
          m_k <= m_k - 1'b1;
        end
        if (m_plane_done) begin
          if (m_last) begin
            m_fin      <= 1'b1;
            m_wl_valid <= 1'b0;
            m_wl       <= {ROWS{1'b0}};
          end else begin
            m_plane <= m_plane + 1'b1;
            m_read  <= 1'b1;
            m_wl    <= m_planes[(m_plane + 1'b1)*ROWS +: ROWS];
          end
        end
      end
    end
  end

  always @(*) begin
    if (rst_ni) begin
      assert (busy == m_run);
      assert (done == m_done);
      assert (read == (m_run && m_read && !m_fin));
      assert (finish == (m_run && m_fin));
      assert (step == m_steps);
      assert (plane_done == m_plane_done);
      assert (sar_step == m_step);
      assert (!m_step || sar_bit == m_bit);
      assert (wl_valid == m_wl_valid);
      assert (wl == m_wl);
      if (m_run) begin
        assert (plane == m_plane);
      end
      if (m_steps) begin
        assert (trial_bit == ({{(VW-1){1'b0}}, 1'b1} << m_step_k));
        assert (ref_low == trial_bit - 1'b1);
      end
    end
  end

endmodule

`default_nettype wire
