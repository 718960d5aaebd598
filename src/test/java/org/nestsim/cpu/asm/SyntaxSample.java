package org.nestsim.cpu.asm;

/**
 * A source that uses the assembler's syntax and every directive: labels and local labels, {@code @ha}
 * and {@code @l}, expressions, register spellings, CR bit expressions, data, alignment, {@code .org} and
 * symbols. {@code BinutilsEncodingTest} checks it byte for byte against GNU as + ld. Test data.
 */
final class SyntaxSample {
  private SyntaxSample() {}

  static final String SOURCE = """
      # Syntax and directives, checked byte for byte against GNU as + ld.
      /* a block comment
         over two lines */
              .text
              .globl _start
              .abiversion 2
              .type _start,@function
      _start: li r3,0                         # a trailing comment
              lis r4,data@ha ; addi r4,r4,data@l
              lis r5,data@h
              ori r5,r5,data@l
              addis r6,r2,(data+0x8000)@ha
              b 1f
      1:      addi r3,r3,1
              cmpwi cr1,r3,10
              blt cr1,1b
              bdnz- 1b
              bl func
              beq+ cr7,done
              bne cr0,1f
              nop
      1:      bgectrl cr3
              .align 4
      func:   mflr %r0
              std %r0,16(sp)
              stdu sp,-32(r1)
              ADDI r3, r3, 'A'
              li r4,(3+4)*2-1
              li r5,-(1<<4)|3
              li r6,0x10&0x30^1
              li r7,7/2
              li r8,7%3
              li r9,~0
              li r10,010
              li r11,0b101
              li r12,0xffff8000
              crand 4*cr1+lt,so,cr2*4+un
              isel r3,r4,r5,4*cr1+eq
              rlwinm r3,r4,(32-8)&31,8,31
              mtocrf 0x80,r3
              mfsprg0 r3
              mtsprg3 r4
              mftb r5
              mftb r6,269
              sync
              sync 1
              lwsync
              ptesync
              blr
              .byte 1,2,-1,255
              .short 0x1234,-2
              .hword 7
              .align 2
              .long _start, func-_start, ., -1
              .4byte 0xdeadbeef
              .p2align 3
      data:   .quad 0x1122334455667788, data, -1
              .8byte data+8
              .space 6
              .skip 2,0xab
              .balign 16
              .byte 9
              .align 3,0x5a
              .align 4
              .org data+0x40
      done:   nop
              .set count, 3
              .equ twice, count*2
      size = done - _start
              li r3,count ; li r4,twice ; li r5,size
              sc 1
              sc
              .size _start, .-_start
              .section .text
              trap
      """;
}
